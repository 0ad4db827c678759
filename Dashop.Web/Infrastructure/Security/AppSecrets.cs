using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Security;

public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>HS256 key for the front end's tokens; also the root from which other keyed hashes are derived.</summary>
    [Required(ErrorMessage = "Jwt:SigningKey is required (at least 32 characters; set it through an environment variable or user-secrets).")]
    [MinLength(32, ErrorMessage = "Jwt:SigningKey must be at least 32 characters long.")]
    public string SigningKey { get; set; } = "";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>Derives one independent key per purpose from the configured root secret (HKDF-SHA256).</summary>
public sealed class AppSecrets(IOptions<JwtOptions> options)
{
    private readonly byte[] _root = Encoding.UTF8.GetBytes(options.Value.SigningKey);
    private readonly ConcurrentDictionary<string, byte[]> _derived = new(StringComparer.Ordinal);

    public byte[] JwtKey => _root;

    /// <summary>The key for <paramref name="purpose"/>, derived once (scoped services ask on every request). Do not modify it.</summary>
    public byte[] DeriveKey(string purpose) =>
        _derived.GetOrAdd(purpose, static (p, root) =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, salt: [], info: Encoding.UTF8.GetBytes("dashop:" + p)), _root);
}

public static class AppSecretsExtensions
{
    /// <summary>
    /// Development runs with no configuration: a random signing key is made once and kept in the data folder.
    /// Everywhere else <c>Jwt:SigningKey</c> must be configured, and start-up stops naming the key if it is not.
    /// </summary>
    public static WebApplicationBuilder AddDashopSecrets(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Jwt:SigningKey"]))
        {
            var file = Path.Combine(AppOptions.ResolveDataPath(builder.Configuration, builder.Environment), "dev-signing-key");
            if (!File.Exists(file))
                File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            builder.Configuration["Jwt:SigningKey"] = File.ReadAllText(file).Trim();
        }

        builder.Services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AppSecrets>();
        return builder;
    }
}
