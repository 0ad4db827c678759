namespace Dashop.Web.Features.WeiboLogin;

/// <summary>A bind ticket that was read back: the uid it names and its one-time id.</summary>
public sealed record WeiboTicket(string Wuid, string Id);
