using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.SignIn;

/// <summary>Answers the SMS feature's questions about accounts: whether a phone has one, and whether it is a given account's.</summary>
internal sealed class AccountPhoneDirectory(DashopDbContext db) : ISmsAccountDirectory
{
    public Task<bool> HasAccountAsync(string phoneE164, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.PhoneNumber == phoneE164, cancellationToken);

    public Task<bool> IsPhoneOfAsync(string phoneE164, string userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId && u.PhoneNumber == phoneE164, cancellationToken);
}
