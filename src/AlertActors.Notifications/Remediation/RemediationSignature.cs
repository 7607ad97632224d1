using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AlertActors.Notifications.Remediation;

/// <summary>
/// How a remediation call is signed (README "Remediation"): <c>X-AlertActors-Timestamp: &lt;unix seconds&gt;</c> and
/// <c>X-AlertActors-Signature: sha256=&lt;lowercase hex HMAC-SHA256(secret, "&lt;timestamp&gt;.&lt;raw body&gt;")&gt;
/// </c>, the secret and the body as UTF-8. A receiver recomputes it over the raw body bytes it received, compares in
/// constant time and refuses an old timestamp (replay).
/// </summary>
public static class RemediationSignature
{
    public const string TimestampHeader = "X-AlertActors-Timestamp";
    public const string SignatureHeader = "X-AlertActors-Signature";
    public const string Scheme = "sha256=";

    /// <summary>The <see cref="SignatureHeader"/> value for <paramref name="body"/> sent at
    /// <paramref name="unixSeconds"/>.</summary>
    public static string Of(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
