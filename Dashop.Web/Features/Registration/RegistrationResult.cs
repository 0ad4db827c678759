using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Registration;

public sealed record RegistrationResult(DashopUser? User, RegistrationError Error, FieldError? Field = null)
{
    public bool Succeeded => Error == RegistrationError.None;

    public static RegistrationResult Fail(RegistrationError error, string field, string message) =>
        new(null, error, new FieldError(field, message));
}
