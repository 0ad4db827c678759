using Dashop.Web.Features.Api;
using Dashop.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Dashop.Web.Tests.Operations;

public sealed class OpenApiTests
{
    [Test]
    public async Task The_OpenAPI_document_parses_and_describes_every_v1_route_and_every_code()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null);
        using var client = factory.CreateClient();
        var json = await client.GetStringAsync("/openapi/v1.json");

        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.That(result.Diagnostic?.Errors ?? [], Is.Empty, "the document validates");
        var document = result.Document!;

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal) == true)
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/').TrimEnd('/'),
                Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
        Assert.That(routes, Is.Not.Empty);
        foreach (var (path, methods) in routes)
        {
            Assert.That(document.Paths.ContainsKey(path), Is.True, $"{path} is described");
            foreach (var method in methods)
                Assert.That(document.Paths[path].Operations!.Keys.Select(k => k.Method), Does.Contain(method), $"{method} {path}");
        }

        var sms = document.Paths["/v1/users/sms/code"].Operations![HttpMethod.Post];
        Assert.That(sms.RequestBody!.Content!["application/json"].Schema!.Properties!.Keys, Does.Contain("phone"));
        var code = document.Components!.Schemas!["ApiCode"];
        Assert.That(code.Enum!.Select(v => v.GetValue<int>()), Is.EquivalentTo(ApiDocument.Codes.Select(c => c.Value)));
        Assert.That(code.Description, Does.Contain("10111 = SmsCooldown"));
        Assert.That(document.Components.Schemas["Envelope"].Properties!.Keys, Does.Contain("code").And.Contain("error"));
    }
}
