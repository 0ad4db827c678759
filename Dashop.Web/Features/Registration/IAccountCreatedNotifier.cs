using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Registration;

/// <summary>Told after an account was committed (the activation e-mail is queued from here).</summary>
public interface IAccountCreatedNotifier
{
    Task AccountCreatedAsync(DashopUser user, CancellationToken cancellationToken);
}
