using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Infrastructure.Data;

public sealed class DashopUser : IdentityUser
{
    public DateTime CreatedAtUtc { get; set; }
}
