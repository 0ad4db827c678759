using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Registration;

public sealed record AccountCreationResult(DashopUser? User, AccountCreationError Error, FieldError? Field = null)
{
    public bool Succeeded => Error == AccountCreationError.None;
}
