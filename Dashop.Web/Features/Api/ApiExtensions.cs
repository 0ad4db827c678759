using Dashop.Web.Features.PasswordReset;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Features.WeiboLogin;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Api;

public static class ApiExtensions
{
    public const string PathPrefix = "/v1";
    public const string FrontEndCorsPolicy = "frontend";

    /// <summary>
    /// The dadashop front end's JSON API (spec §4): its CORS policy, its envelope for the failures the plumbing answers
    /// (rate limits, unreadable bodies), and the features it is a front on.
    /// </summary>
    public static WebApplicationBuilder AddDashopApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("api"))
            return builder;
        builder.AddDashopWeb().AddDashopSms().AddDashopRegistration().AddDashopWeibo().AddDashopPasswordReset();

        services.AddValidatedOptions<FrontEndCorsOptions>(FrontEndCorsOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.AllowedOrigins =
                ConfigurationLists.Read(configuration, $"{FrontEndCorsOptions.SectionName}:{nameof(FrontEndCorsOptions.AllowedOrigins)}"));
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<FrontEndCorsOptions>>((o, frontEnd) =>
            o.AddPolicy(FrontEndCorsPolicy, p => p
                .WithOrigins(frontEnd.Value.AllowedOrigins)
                .WithMethods("GET", "POST")
                .WithHeaders("Content-Type", "Authorization")));

        services.AddSingleton<IRequestErrorWriter, ApiErrorWriter>();
        services.Configure<ApiBehaviorOptions>(o => o.InvalidModelStateResponseFactory = ApiResponses.FromInvalidModelState);
        services.AddOpenApi(ApiDocument.Name, ApiDocument.Configure);
        return builder;
    }

    /// <summary>
    /// CORS for the front end's origins; after routing, since the policy is the /v1 controllers'. The API's description at
    /// <c>/openapi/v1.json</c>.
    /// </summary>
    public static WebApplication UseDashopApi(this WebApplication app)
    {
        app.UseCors();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
