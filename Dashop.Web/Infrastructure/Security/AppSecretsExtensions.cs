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
            {
                // Instances that share the data folder (compose's try-out) start together: the first key moved into place
                // wins, and every instance reads that one.
                var draft = $"{file}.{Guid.NewGuid():N}";
                File.WriteAllText(draft, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
                try
                {
                    File.Move(draft, file, overwrite: false);
                }
                catch (IOException) when (File.Exists(file))
                {
                    File.Delete(draft);
                }
            }
            builder.Configuration["Jwt:SigningKey"] = File.ReadAllText(file).Trim();
        }

        builder.Services.AddValidatedOptions<JwtOptions>(JwtOptions.SectionName);
        builder.Services.AddSingleton<AppSecrets>();
        return builder;
    }
}
