namespace Dashop.Web.Features.ExternalLogin.WeChat;

public sealed class WeChatSimulatorViewModel
{
    public string? Problem { get; init; }
    public bool InApp { get; init; }
    public string? AppId { get; init; }
    public string? RedirectUri { get; init; }
    public string? Scope { get; init; }
    public string? State { get; init; }
    public IReadOnlyList<string> People { get; init; } = [];
}
