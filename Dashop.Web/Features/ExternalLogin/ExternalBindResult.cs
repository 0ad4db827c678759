using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin;

public sealed record ExternalBindResult(DashopUser? User, ExternalBindError Error, Result<DashopUser>? Registration = null)
{
    public bool Succeeded => Error == ExternalBindError.None;

    public static ExternalBindResult Fail(ExternalBindError error) => new(null, error);
}
