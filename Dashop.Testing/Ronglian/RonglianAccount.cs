namespace Dashop.Testing.Ronglian;

/// <summary>The account a fake Ronglian serves: what a request must be signed with and must name.</summary>
public sealed record RonglianAccount(string AccountSid, string AuthToken, string AppId, string TemplateId);
