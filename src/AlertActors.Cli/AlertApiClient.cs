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
        if (!string.IsNullOrEmpty(token)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<JsonNode> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonNode> PostAsync(string path, string? json, CancellationToken ct) => SendAsync(HttpMethod.Post, path, json, ct);

    public Task<JsonNode> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    public static string AlertPath(string dedupKey) => $"/api/v1/alerts/{Uri.EscapeDataString(dedupKey)}";

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
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
            catch (JsonException)
            {
            }
            if (response.IsSuccessStatusCode) return node ?? new JsonObject();
            var reason = node?["error"]?.GetValue<string>() ?? body.Trim();
            var problems = node?["problems"]?.AsArray().Select(p => p?.GetValue<string>()) ?? [];
            throw new AlertCtlException($"HTTP {(int)response.StatusCode}: {string.Join("; ", new[] { reason }.Concat(problems))}");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A failure reported to the user as one line, with a non-zero exit code.</summary>
public sealed class AlertCtlException(string message) : Exception(message);
