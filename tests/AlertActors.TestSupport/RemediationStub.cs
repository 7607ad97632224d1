using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlertActors.TestSupport;

/// <summary>
/// A remediation endpoint (README "Remediation") on a loopback Kestrel: <c>POST /remediate</c> answers from a script,
/// one answer per call in order (then <see cref="Otherwise"/>), and keeps each call's raw body and signature headers.
/// </summary>
public sealed class RemediationStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RemediationAnswer> _script = new();
    private readonly ConcurrentQueue<RemediationCallSeen> _calls = new();

    private RemediationStub(WebApplication app) => _app = app;

    /// <summary>The endpoint's URL (<c>http://127.0.0.1:PORT/remediate</c>).</summary>
    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RemediationCallSeen> Calls => [.. _calls];

    /// <summary>The answer once the script is used up.</summary>
    public RemediationAnswer Otherwise { get; set; } = RemediationAnswer.Failed("no answer scripted");

    /// <summary>Answers the next calls with <paramref name="answers"/>, in order.</summary>
    public void Script(params RemediationAnswer[] answers)
    {
        foreach (var answer in answers)
            _script.Enqueue(answer);
    }

    public static async Task<RemediationStub> StartAsync(string host = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{host}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new RemediationStub(app);
        app.MapPost("/remediate", stub.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        stub.Url = new Uri(new Uri(address.First()), "/remediate");
        return stub;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            // Kept as bytes: a test asserts on what came.
        }
        _calls.Enqueue(
            new RemediationCallSeen(
                body,
                context.Request.Headers["X-AlertActors-Timestamp"].ToString(),
                context.Request.Headers["X-AlertActors-Signature"].ToString(),
                json
            )
        );
        var answer = _script.TryDequeue(out var next) ? next : Otherwise;
        if (answer.Delay > TimeSpan.Zero)
            await Task.Delay(answer.Delay, context.RequestAborted);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One call the stub received: the raw body, the signature headers and the body as JSON (null if not
/// JSON).</summary>
public sealed record RemediationCallSeen(byte[] Body, string Timestamp, string Signature, JsonNode? Json)
{
    public int Attempt => Json?["attempt"]?.GetValue<int>() ?? 0;
}

/// <summary>How the stub answers one call: status, body, and how long it waits first.</summary>
public sealed record RemediationAnswer(int Status, string Body, TimeSpan Delay = default)
{
    public static RemediationAnswer Resolved => new(200, """{"result":"resolved"}""");

    public static RemediationAnswer Failed(string detail) =>
        new(200, $$"""{"result":"failed","detail":"{{detail}}"}""");
}
