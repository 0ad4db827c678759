using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Account;

/// <summary>Answers the SMS feature's one question about accounts: whether a phone has one.</summary>
internal sealed class AccountPhoneDirectory(DashopDbContext db) : ISmsAccountDirectory
{
    public Task<bool> HasAccountAsync(string phoneE164, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.PhoneNumber == phoneE164, cancellationToken);
}
