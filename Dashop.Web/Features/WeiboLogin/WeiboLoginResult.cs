using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.WeiboLogin;

public sealed record WeiboLoginResult(WeiboLoginOutcome Outcome, DashopUser? User = null);
