using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.ExternalLogin;

public sealed record ExternalBindResult(DashopUser? User, ExternalBindError Error, RegistrationResult? Registration = null)
{
    public bool Succeeded => Error == ExternalBindError.None;

    public static ExternalBindResult Fail(ExternalBindError error) => new(null, error);
}
