using System.Text.Json;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace AlertActors.TestSupport;

/// <summary>
/// A provider (or a proxy in front of one) on loopback that refuses every call with <paramref name="status"/> and
/// echoes the whole request back in its error body: <paramref name="alsoSays"/> first (e.g. a debug dump holding
/// secrets the request did not carry), then method, URL, every header and the body as plain text, then all of it again
/// as JSON (where System.Text.Json escapes characters such as <c>+</c> and quotes).
/// </summary>
public sealed class EchoStub(int status, string alsoSays = "") : IDisposable
{
    public WireMockServer Server { get; } = Start(status, alsoSays);

    public string Url => Server.Url!;

    public int Calls => Server.LogEntries.Count();

    private static WireMockServer Start(int status, string alsoSays)
    {
        var server = WireMockServer.Start();
        server
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(
                Response
                    .Create()
                    .WithCallback(request =>
                    {
                        var headers = (request.Headers ?? new Dictionary<string, WireMockList<string>>()).ToDictionary(
                            h => h.Key,
                            h => string.Join(", ", h.Value)
                        );
                        var echo = JsonSerializer.Serialize(
                            new
                            {
                                error = "request refused",
                                method = request.Method,
                                url = request.Url,
                                path = request.Path,
                                headers,
                                body = request.Body,
                                debug = alsoSays,
                            }
                        );
                        var plain =
                            $"{alsoSays}\n{request.Method} {request.Url}\n{string.Join("\n", headers.Select(h => $"{h.Key}: {h.Value}"))}\n\n{request.Body}";
                        return new ResponseMessage
                        {
                            StatusCode = status,
                            BodyData = new BodyData
                            {
                                BodyAsString = plain + "\n" + echo,
                                DetectedBodyType = BodyType.String,
                            },
                        };
                    })
            );
        return server;
    }

    public void Dispose() => Server.Stop();
}
