using Dashop.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.WeChat;

public static class WeChatExtensions
{
    /// <summary>
    /// WeChat sign-in (spec §15) on the one external-login flow: QR login, and the Official Account inside WeChat's browser.
    /// With no <c>WeChat:AppId</c>, Development points everything at the built-in simulator and other environments have
    /// no WeChat sign-in (no button; /login/wechat and the other routes answer 404).
    /// </summary>
    public static WebApplicationBuilder AddDashopWeChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("wechat"))
            return builder;
        builder.AddDashopExternalLogin();
        var configured = builder.Configuration.Read<WeChatOptions>(WeChatOptions.SectionName);
        var simulated = !configured.Enabled && builder.Environment.IsDevelopment();
        var options = services.AddValidatedOptions<WeChatOptions>(WeChatOptions.SectionName);
        if (simulated)
            options.PostConfigure<IOptions<AppOptions>>((o, app) => WeChatSimulator.PointAt(o, app.Value.PublicBaseUrl));
        if (builder.Environment.IsDevelopment())
            services.AddSingleton<WeChatSimulator>();

        if (configured.Enabled || simulated)
        {
            services.AddHttpContextAccessor();
            builder.AddExternalLoginProvider<WeChatAuthenticationOptions, WeChatAuthenticationHandler>(WeChatDefaults.Scheme, WeChatDefaults.DisplayName, (o, sp) =>
            {
                var w = sp.GetRequiredService<IOptions<WeChatOptions>>().Value;
                o.ClientId = w.AppId;
                o.ClientSecret = w.AppSecret;
                o.InAppClientId = w.OfficialAccount.AppId;
                o.InAppClientSecret = w.OfficialAccount.AppSecret;
                o.AuthorizationEndpoint = w.AuthorizationEndpoint;
                o.InAppAuthorizationEndpoint = w.InAppAuthorizationEndpoint;
                o.TokenEndpoint = w.TokenEndpoint;
                o.UserInformationEndpoint = w.UserInformationEndpoint;
                o.StateDataFormat = new WeChatStateFormat(sp.GetRequiredService<IHttpContextAccessor>(), sp.GetRequiredService<IDataProtectionProvider>());
            });
        }

        var mode = simulated ? $"simulator ({WeChatSimulator.BasePath})"
            : configured.Enabled ? $"{new Uri(configured.AuthorizationEndpoint).Authority} (QR{(configured.InAppEnabled ? " + Official Account" : "")})"
            : "off (WeChat:AppId is not set)";
        services.AddSingleton(new RunMode.Concern("wechat", mode));
        return builder;
    }
}
