using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>The front end's token, as the seed's <c>make_token</c>: HS256 over <c>username</c> and <c>exp</c>.</summary>
public sealed class JwtTokenService(AppSecrets secrets, IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials = new(new SymmetricSecurityKey(secrets.JwtKey), SecurityAlgorithms.HmacSha256);

    public string Create(string username)
    {
        var now = time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["username"] = username,
                ["exp"] = (now + options.Value.Lifetime).ToUnixTimeSeconds(),
            },
            SigningCredentials = _credentials,
        });
    }

    public async Task<string?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = _credentials.Key,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (_, expires, _, _) => expires > time.GetUtcNow().UtcDateTime,
        });
        return result.IsValid && result.Claims.TryGetValue("username", out var name) ? name as string : null;
    }
}
