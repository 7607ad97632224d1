using System.Text.Json;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications;

namespace AlertActors.Notifications.Tests;

/// <summary>Provider answer text with every configured secret masked, in every form an echo may carry it.</summary>
public class SecretRedactorTests
{
    private const string Key = "R0uting+Key/0123456789==";
    private const string SlackUrl = "https://hooks.slack.com/services/T0001/B0001/AbCdEfGh0123";
    private const string BasicAuthUrl = "https://alerts:p%40ss-0123@hooks.example.org/in";
    private const string QueryUrl = "https://hooks.example.org/in?format=json&token=t0k3n-0123&sig=s1g-0123456";

    private static readonly SecretRedactor Redactor = new([
        Key,
        SlackUrl,
        BasicAuthUrl,
        QueryUrl,
        "GenieKey og-0123456789",
        "k€y 0123 🔑&<x>",
        "",
        "  ",
    ]);

    [Theory]
    [InlineData("routing_key: R0uting+Key/0123456789==")]
    [InlineData("routing_key: r0UTING+kEY/0123456789==")]
    [InlineData("""{"routing_key":"R0uting\u002BKey/0123456789=="}""")]
    [InlineData("""{"routing_key":"R0uting+Key\/0123456789=="}""")]
    [InlineData("""{"routing_key":"R0uting\u002BKey\/0123456789\u003D\u003D"}""")]
    [InlineData("GET /enqueue?routing_key=R0uting%2BKey%2F0123456789%3D%3D")]
    [InlineData("GET /enqueue?routing_key=R0uting%2bKey%2f0123456789%3d%3d")]
    [InlineData("body: routing_key=R0uting%2BKey%2F0123456789%3D%3D&x=1")]
    [InlineData("POST https://hooks.slack.com/services/T0001/B0001/AbCdEfGh0123 failed")]
    [InlineData("no route for path /services/T0001/B0001/AbCdEfGh0123")]
    [InlineData("""{"url":"https:\/\/hooks.slack.com\/services\/T0001\/B0001\/AbCdEfGh0123"}""")]
    [InlineData("path=%2Fservices%2FT0001%2FB0001%2FAbCdEfGh0123")]
    [InlineData("user info alerts:p%40ss-0123 refused")]
    [InlineData("password p%40ss-0123 refused")]
    [InlineData("""{"routing_key":"R0uting%2BKey\/0123456789\u003d="}""")]
    [InlineData("<p>token R0uting+Key&#x2F;0123456789==</p>")]
    [InlineData("webhook AbCdEfGh0123 not found")]
    [InlineData("POST /in?format=json&token=t0k3n-0123&sig=s1g-0123456 refused")]
    [InlineData("bad token t0k3n-0123")]
    [InlineData("bad signature s1g-0123456")]
    [InlineData("user alerts:p@ss-0123 refused")]
    [InlineData("k€y 0123 🔑&<x>")]
    [InlineData("k%E2%82%ACy+0123+%F0%9F%94%91%26%3Cx%3E")]
    [InlineData("""k\u20acy 0123 \ud83d\udd11\u0026\u003cx\u003e""")]
    [InlineData("k€y 0123 🔑&amp;&lt;x&gt;")]
    [InlineData("Authorization: GenieKey og-0123456789")]
    [InlineData("key og-0123456789 is not valid")]
    public void Every_form_of_a_secret_is_masked(string echoed)
    {
        var masked = Redactor.Redact(echoed);

        Assert.Contains(SecretRedactor.Mask, masked);
        Assert.DoesNotContain("0123", masked);
    }

    [Fact]
    public void Text_around_the_secret_stays_and_the_longest_match_wins()
    {
        var redactor = new SecretRedactor(["abc-0123", "abc-0123-long"]);

        Assert.Equal("key *** and ***, done", redactor.Redact("key abc-0123-long and abc-0123, done"));
        Assert.Equal("nothing secret here", redactor.Redact("nothing secret here"));
    }

    [Fact]
    public void Short_parts_of_a_url_stay_readable()
    {
        Assert.Equal("POST /in?format=json: ***", Redactor.Redact($"POST /in?format=json: {QueryUrl}"));
    }

    [Fact]
    public void The_detail_is_masked_before_it_is_cut_so_no_part_of_a_secret_is_left()
    {
        // "HTTP 401: " and the x's end 10 characters before the cut: the key straddles it.
        var body = new string('x', SecretRedactor.MaxDetailLength - 20) + Key + new string('y', 100);
        var outcome = new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "HTTP 401: " + body, TimeSpan.FromSeconds(3));

        var masked = Redactor.Redact(outcome);

        Assert.Equal(SecretRedactor.MaxDetailLength, masked.Detail!.Length);
        Assert.DoesNotContain("R0uting", masked.Detail);
        Assert.Contains("x***y", masked.Detail);
        Assert.Equal(outcome with { Detail = masked.Detail }, masked);
        Assert.Null(Redactor.Redact(new DeliveryOutcome(DeliveryOutcomeKind.Delivered)).Detail);
    }

    [Fact]
    public void Json_escaping_as_System_Text_Json_writes_it_is_covered()
    {
        var echoed = JsonSerializer.Serialize(new { routing_key = Key, url = SlackUrl });

        Assert.Equal("""{"routing_key":"***","url":"***"}""", Redactor.Redact(echoed));
    }

    [Fact]
    public void The_redactor_never_prints_its_secrets()
    {
        Assert.Equal("SecretRedactor { 6 secrets }", Redactor.ToString());
        Assert.Equal(0, SecretRedactor.None.SecretCount);
        Assert.Equal("abc", SecretRedactor.None.Redact("abc"));
    }
}
