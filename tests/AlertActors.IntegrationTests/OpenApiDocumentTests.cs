using System.Net;
using System.Text.Json.Nodes;
using AlertActors.Cli;
using AlertActors.Host.Api;
using AlertActors.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.IntegrationTests;

/// <summary>
/// The OpenAPI document the node serves (<c>/openapi/v1.json</c>) against what the node really maps, and against what
/// alertctl calls.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task The_document_lists_every_api_route_and_method_the_node_maps_with_the_answers_its_handler_declares()
    {
        // With tokens configured: the document needs none, and the operations that need one say so (401, 403).
        await using var node = await TestNode.StartAsync(_directory, ApiRolesTests.Tokens);
        var document = await DocumentAsync(node);

        var mapped = node
            .Services.GetRequiredService<EndpointDataSource>()
            .Endpoints.OfType<RouteEndpoint>()
            .Where(e => PathOf(e.RoutePattern).StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e =>
                e.Metadata.GetOrderedMetadata<IHttpMethodMetadata>()
                    .SelectMany(m => m.HttpMethods)
                    .Select(method =>
                        Operation(
                            method,
                            PathOf(e.RoutePattern),
                            e.Metadata.OfType<IProducesResponseTypeMetadata>()
                                .Select(p => p.StatusCode)
                                .Concat(NeedsToken(e.Metadata) ? [401, 403] : [])
                        )
                    )
            )
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = Operations(document)
            .Where(o => o.Split(' ')[1].StartsWith("/api/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(mapped, documented);
        // A sample, so that an empty or answer-less match cannot pass.
        Assert.Contains("POST /api/v1/alerts/{dedupKey}/acknowledge 200 400 401 403 404 409 500 503", documented);
        Assert.Contains("POST /api/v1/events 202 400 401 403 503", documented);
        Assert.Contains("GET /api/v1/cluster 200 401 403", documented);
        Assert.True(documented.Count >= 16, string.Join("\n", documented));
        Assert.Equal(
            "http",
            document["components"]!["securitySchemes"]![OpenApiDocumentInfo.BearerScheme]!["type"]!.GetValue<string>()
        );
    }

    [Fact]
    public async Task Alertctl_calls_only_routes_and_methods_the_document_has()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var routes = Operations(await DocumentAsync(node))
            .Select(o => string.Join(' ', o.Split(' ').Take(2)))
            .ToHashSet(StringComparer.Ordinal);

        // AlertApiClient sends nothing but an ApiRoute, so ApiRoutes.All is every call alertctl can make.
        var missing = ApiRoutes
            .All.Select(r => $"{r.Method} {r.Template}")
            .Where(call => !routes.Contains(call))
            .ToList();
        Assert.True(
            missing.Count == 0,
            $"alertctl calls what the node's OpenAPI document lacks: {string.Join(", ", missing)}"
        );
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Distinct().Count());
        Assert.Equal("/api/v1/alerts/a%2Fb%3Ac/acknowledge", ApiRoutes.AcknowledgeAlert.PathWith(["a/b:c"]));
    }

    /// <summary>The document, fetched without a token.</summary>
    private static async Task<JsonNode> DocumentAsync(TestNode node)
    {
        using var response = await node.Http.GetAsync(NodeEndpoints.OpenApiPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Every operation of the document as "METHOD /path codes", codes ascending.</summary>
    private static IEnumerable<string> Operations(JsonNode document) =>
        document["paths"]!
            .AsObject()
            .SelectMany(path =>
                path.Value!.AsObject()
                    .Where(op => op.Value?["responses"] is not null)
                    .Select(op =>
                        Operation(
                            op.Key,
                            path.Key,
                            op.Value!["responses"]!
                                .AsObject()
                                .Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture))
                        )
                    )
            );

    private static string Operation(string method, string path, IEnumerable<int> codes) =>
        $"{method.ToUpperInvariant()} {path} {string.Join(' ', codes.Distinct().Order())}";

    /// <summary>The route as OpenAPI writes it: literal segments and <c>{name}</c> for each parameter.</summary>
    private static string PathOf(RoutePattern pattern) =>
        "/"
        + string.Join(
            '/',
            pattern.PathSegments.Select(segment =>
                string.Concat(
                    segment.Parts.Select(part =>
                        part switch
                        {
                            RoutePatternLiteralPart literal => literal.Content,
                            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
                            RoutePatternSeparatorPart separator => separator.Content,
                            _ => throw new InvalidOperationException($"route part {part.GetType().Name}"),
                        }
                    )
                )
            )
        );

    private static bool NeedsToken(EndpointMetadataCollection metadata) =>
        metadata.GetOrderedMetadata<IAuthorizeData>().Any() && metadata.GetMetadata<IAllowAnonymous>() is null;

    public void Dispose() => _directory.Dispose();
}
