using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace AlertActors.Host.Api;

/// <summary>
/// The id of a dead delivery: <c>base64url(UTF-8 dedup key) "." delivery number</c>, e.g.
/// <c>c2l0ZS1hOmRoY3A.3</c>. URL-safe as it stands (no padding, no escaping needed) and stable for the
/// delivery's lifetime. Clients should treat it as opaque.
/// </summary>
public static class DeadDeliveryId
{
    private static readonly UTF8Encoding StrictUtf8 = new(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true
    );

    public static string Encode(string dedupKey, long number) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(dedupKey))
        + "."
        + number.ToString(CultureInfo.InvariantCulture);

    public static bool TryDecode(string id, out string dedupKey, out long number)
    {
        dedupKey = "";
        number = 0;
        var dot = id.LastIndexOf('.');
        if (dot <= 0 || dot == id.Length - 1)
            return false;
        var key = id.AsSpan(0, dot);
        if (
            !long.TryParse(id.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            || number <= 0
        )
            return false;
        if (!Base64Url.IsValid(key, out var length) || length == 0)
            return false;
        var bytes = new byte[length];
        if (Base64Url.DecodeFromChars(key, bytes) != length)
            return false;
        try
        {
            dedupKey = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return true;
    }
}
