namespace Dashop.Web.Infrastructure.Security;

/// <summary>What a valid /v1 token says: the user id, the username when it was issued, and the hash of the stamp.</summary>
public sealed record TokenClaims(string UserId, string Username, string Stamp);
