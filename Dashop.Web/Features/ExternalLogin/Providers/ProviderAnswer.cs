namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>A provider's raw answer: the HTTP status and the body's bytes (Alipay's signature covers them exactly).</summary>
public sealed record ProviderAnswer(int Status, byte[] Body);
