using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Infrastructure.Data;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// The front end's token, as the seed's <c>make_token</c> (HS256 over <c>username</c> and <c>exp</c>), plus the user id
/// (<c>uid</c>) and a stamp: a short keyed hash of Identity's SecurityStamp (never the stamp itself), so that a reset,
/// "sign out everywhere" or a deletion, which change or remove the stamp, end every token issued before (spec §11).
/// </summary>
public sealed class JwtTokenService(AppSecrets secrets, IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials = new(new SymmetricSecurityKey(secrets.JwtKey), SecurityAlgorithms.HmacSha256);
    // Built once: the same for every token (a race builds two alike).
    private TokenValidationParameters? _validation;

    public string Create(DashopUser user)
    {
        var now = time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["username"] = user.UserName!,
                ["uid"] = user.Id,
                ["stamp"] = Stamp(user.SecurityStamp),
                ["exp"] = (now + options.Value.Lifetime).ToUnixTimeSeconds(),
            },
            SigningCredentials = _credentials,
        });
    }

    /// <summary>The claims of a token signed here and not expired, or null. Whether the stamp is still the user's is the caller's question.</summary>
    public async Task<TokenClaims?> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096)
            return null;
        var result = await _handler.ValidateTokenAsync(token, _validation ??= new TokenValidationParameters
        {
            IssuerSigningKey = _credentials.Key,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (_, expires, _, _) => expires > time.GetUtcNow().UtcDateTime,
        });
        return result.IsValid
            && result.Claims.TryGetValue("username", out var name) && name is string username
            && result.Claims.TryGetValue("uid", out var id) && id is string uid
            && result.Claims.TryGetValue("stamp", out var s) && s is string stamp
            ? new TokenClaims(uid, username, stamp)
            : null;
    }

    /// <summary>True when <paramref name="claims"/> was issued under <paramref name="user"/>'s current SecurityStamp.</summary>
    public bool StampMatches(TokenClaims claims, DashopUser user) => StampMatches(claims, user.SecurityStamp);

    /// <summary>True when <paramref name="claims"/> was issued under the SecurityStamp <paramref name="securityStamp"/>.</summary>
    public bool StampMatches(TokenClaims claims, string? securityStamp) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(claims.Stamp), Encoding.ASCII.GetBytes(Stamp(securityStamp)));

    /// <summary>16 bytes of HMAC-SHA256 over the stamp, keyed with the token key: the stamp cannot be read back from a token.</summary>
    private string Stamp(string? securityStamp) =>
        Base64UrlEncoder.Encode(HMACSHA256.HashData(secrets.JwtKey, Encoding.UTF8.GetBytes("stamp:" + (securityStamp ?? "")))[..16]);
}
