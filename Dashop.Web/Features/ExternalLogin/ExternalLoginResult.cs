using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.ExternalLogin;

public sealed record ExternalLoginResult(ExternalLoginOutcome Outcome, DashopUser? User = null);
