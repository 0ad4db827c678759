namespace Dashop.Web.Features.SignIn;

/// <summary>A /v1 sign-in's answer: the token, and the client's known-device token to send with its next sign-ins.</summary>
public sealed record AccountToken(string Token, string Device);
