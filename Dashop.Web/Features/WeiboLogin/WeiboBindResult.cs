using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.WeiboLogin;

public sealed record WeiboBindResult(DashopUser? User, WeiboBindError Error, RegistrationResult? Registration = null)
{
    public bool Succeeded => Error == WeiboBindError.None;

    public static WeiboBindResult Fail(WeiboBindError error) => new(null, error);
}
