namespace Dashop.Web.Features.WeiboLogin;

public sealed class SimulatorAuthorizeViewModel
{
    public string? Problem { get; init; }
    public string? ClientId { get; init; }
    public string? RedirectUri { get; init; }
    public string? State { get; init; }
    public IReadOnlyList<SimulatedAccount> Accounts { get; init; } = [];
}
