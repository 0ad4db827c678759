namespace Dashop.Web.Features.WeiboLogin;

/// <summary>A person the simulator can log in as.</summary>
public sealed record SimulatedAccount(string Uid, string ScreenName);
