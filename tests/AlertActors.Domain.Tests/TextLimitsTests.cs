using System.Globalization;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Tests;

public class TextLimitsTests
{
    private const string Pile = "\U0001F4A9"; // one character, two UTF-16 units
    private const string Family = "\U0001F468\u200D\U0001F469\u200D\U0001F467"; // one text element, eight units
    private const string EAcute = "e\u0301"; // e + combining acute accent

    [Theory]
    [InlineData("", 0)]
    [InlineData("short", 5)]
    [InlineData("short", 130)]
    public void Text_within_the_limit_is_returned_unchanged(string text, int max)
    {
        Assert.Same(text, TextLimits.Truncate(text, max));
    }

    [Fact]
    public void Ascii_text_is_cut_at_exactly_the_limit()
    {
        Assert.Equal("abcde", TextLimits.Truncate("abcdefghij", 5));
        Assert.Equal("", TextLimits.Truncate("abc", 0));
    }

    [Fact]
    public void A_surrogate_pair_is_never_split()
    {
        var text = "abcd" + Pile + "xyz"; // the pair sits at units 4 and 5

        Assert.Equal("abcd", TextLimits.Truncate(text, 5));
        Assert.Equal("abcd" + Pile, TextLimits.Truncate(text, 6));
    }

    [Fact]
    public void A_combining_sequence_or_emoji_sequence_is_kept_whole_or_dropped()
    {
        Assert.Equal("caf", TextLimits.Truncate("caf" + EAcute + "!", 4));
        Assert.Equal("caf" + EAcute, TextLimits.Truncate("caf" + EAcute + "!", 5));
        Assert.Equal("hi ", TextLimits.Truncate("hi " + Family + "!", 10));
        Assert.Equal("hi " + Family, TextLimits.Truncate("hi " + Family + "!", 11));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(130)]
    public void Truncated_emoji_text_is_within_the_limit_and_well_formed(int max)
    {
        var text = string.Concat(Enumerable.Repeat(Pile + "a" + Family, 40));

        var cut = TextLimits.Truncate(text, max);

        Assert.True(cut.Length <= max);
        Assert.StartsWith(cut, text, StringComparison.Ordinal);
        Assert.False(cut.Length > 0 && char.IsHighSurrogate(cut[^1]), "ends in half a surrogate pair");
        // Whole text elements only: the cut is on a boundary of the original.
        var boundaries = StringInfo.ParseCombiningCharacters(text).Append(text.Length);
        Assert.Contains(cut.Length, boundaries);
    }

    [Fact]
    public void Short_keys_are_kept_as_they_are()
    {
        var key = new string('k', 255);

        Assert.Same(key, TextLimits.StableKey(key, 255));
    }

    [Fact]
    public void Long_keys_become_a_readable_prefix_and_a_hash_within_the_limit()
    {
        var key = "acme:dhcp.lease.rogue_mac:" + new string('x', 400);

        var stable = TextLimits.StableKey(key, 255);

        Assert.Equal(255, stable.Length);
        Assert.StartsWith("acme:dhcp.lease.rogue_mac:xxx", stable, StringComparison.Ordinal);
        var hash = stable[(stable.LastIndexOf('~') + 1)..];
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void Long_keys_map_deterministically()
    {
        var key = new string('a', 600);

        Assert.Equal(TextLimits.StableKey(key, 512), TextLimits.StableKey(new string('a', 600), 512));
    }

    [Fact]
    public void Long_keys_sharing_a_long_prefix_stay_distinct()
    {
        var common = new string('p', 1000);

        var one = TextLimits.StableKey(common + "-1", 255);
        var two = TextLimits.StableKey(common + "-2", 255);
        var three = TextLimits.StableKey(common + "1", 255);

        Assert.Equal(3, new[] { one, two, three }.Distinct().Count());
    }

    [Fact]
    public void Long_keys_with_emoji_are_cut_on_a_character_boundary()
    {
        var key = string.Concat(Enumerable.Repeat(Pile, 300)); // 600 units

        var stable = TextLimits.StableKey(key, 255);

        Assert.True(stable.Length <= 255);
        var prefix = stable[..stable.LastIndexOf('~')];
        Assert.Equal(0, prefix.Length % 2);
        Assert.Equal(string.Concat(Enumerable.Repeat(Pile, prefix.Length / 2)), prefix);
    }
}
