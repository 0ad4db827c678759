namespace Dashop.Web.Features.ExternalLogin.WeChat;

/// <summary>The Official Account (公众号) whose web authorization signs people in inside WeChat's own browser.</summary>
public sealed class WeChatOfficialAccountOptions
{
    public string AppId { get; set; } = "";
    public string AppSecret { get; set; } = "";
}
