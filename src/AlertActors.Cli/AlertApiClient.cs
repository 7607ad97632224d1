using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlertActors.Cli;

/// <summary>The HTTP API (docs/http-api.md) as alertctl uses it. Errors carry the server's one-line reason.</summary>
public sealed class AlertApiClient : IDisposable
{
    private readonly HttpClient _http;

    public AlertApiClient(Uri server, string? token)
    {
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Makes one of the API's calls (<see cref="ApiRoutes"/>) and returns the answer's JSON.</summary>
    /// <param name="values">The route's <c>{...}</c> values, in order (<see cref="ApiRoute.PathWith"/>).</param>
    /// <param name="query">Appended to the path as given: empty or <c>?name=value&amp;...</c> (values already
    /// escaped).</param>
    /// <param name="json">The request body, sent as application/json; null for none.</param>
    /// <exception cref="AlertCtlException">The node cannot be reached or answered an error (its one-line reason and
    /// every problem).</exception>
    public async Task<JsonNode> SendAsync(
        ApiRoute route,
        CancellationToken ct,
        IReadOnlyList<string>? values = null,
        string query = "",
        string? json = null
    )
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.PathWith(values ?? []) + query);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertCtlException($"cannot reach {_http.BaseAddress}: {ex.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            JsonNode? node = null;
            try
            {
                node = body.Length > 0 ? JsonNode.Parse(body) : null;
            }
            catch (JsonException) { }
            if (response.IsSuccessStatusCode)
                return node ?? new JsonObject();
            throw Failure(response, node, body);
        }
    }

    /// <summary>Makes one of the API's GET calls that answers text (e.g. Markdown) and returns the text.</summary>
    /// <exception cref="AlertCtlException">As for <see cref="SendAsync"/>.</exception>
    public async Task<string> GetTextAsync(
        ApiRoute route,
        CancellationToken ct,
        IReadOnlyList<string>? values = null,
        string query = ""
    )
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(route.PathWith(values ?? []) + query, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertCtlException($"cannot reach {_http.BaseAddress}: {ex.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
                return body;
            JsonNode? node = null;
            try
            {
                node = body.Length > 0 ? JsonNode.Parse(body) : null;
            }
            catch (JsonException) { }
            throw Failure(response, node, body);
        }
    }

    /// <summary>The error of an answer: the server's one-line reason and every problem it lists.</summary>
    private static AlertCtlException Failure(HttpResponseMessage response, JsonNode? node, string body)
    {
        var reason = node?["error"]?.GetValue<string>() ?? body.Trim();
        // A reason that already lists the problems is not followed by them again.
        var problems = (node?["problems"]?.AsArray().Select(p => p?.GetValue<string>() ?? "") ?? []).Where(p =>
            !reason.Contains(p, StringComparison.Ordinal)
        );
        return new AlertCtlException(
            $"HTTP {(int)response.StatusCode}: {string.Join("; ", new[] { reason }.Concat(problems))}"
        );
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A failure reported to the user as one line, with a non-zero exit code.</summary>
public sealed class AlertCtlException(string message) : Exception(message);
