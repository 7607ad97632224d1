using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AlertActors.Domain.Notifications;

/// <summary>Provider field limits, applied without splitting a character.</summary>
public static class TextLimits
{
    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxChars"/> UTF-16 units on a text-element
    /// boundary.</summary>
    public static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
            return text;
        var end = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var next = enumerator.ElementIndex + ((string)enumerator.Current).Length;
            if (next > maxChars)
                break;
            end = next;
        }
        return text[..end];
    }

    /// <summary>
    /// Keys longer than the limit become a readable prefix plus a SHA-256 of the whole key, so the same
    /// long key always maps to the same provider key and two long keys never collide in practice.
    /// </summary>
    public static string StableKey(string key, int maxChars)
    {
        if (key.Length <= maxChars)
            return key;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var prefix = Truncate(key, maxChars - hash.Length - 1);
        return $"{prefix}~{hash}";
    }
}
