using System.Security.Cryptography;

namespace Dashop.Web.Infrastructure.Security;

public static class AppSecretsExtensions
{
    /// <summary>
    /// Development runs with no configuration: a random signing key is made once and kept in the data folder.
    /// Everywhere else <c>Jwt:SigningKey</c> must be configured, and start-up stops naming the key if it is not.
    /// </summary>
    public static WebApplicationBuilder AddDashopSecrets(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("secrets"))
            return builder;
        if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Jwt:SigningKey"]))
        {
            var file = Path.Combine(AppOptions.ResolveDataPath(builder.Configuration, builder.Environment), "dev-signing-key");
            if (!File.Exists(file))
                File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            builder.Configuration["Jwt:SigningKey"] = File.ReadAllText(file).Trim();
        }

        builder.Services.AddValidatedOptions<JwtOptions>(JwtOptions.SectionName);
        builder.Services.AddSingleton<AppSecrets>();
        return builder;
    }
}
