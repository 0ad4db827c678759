using Dashop.Web.Features.Registration;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>
/// The bind page's other proof of an existing account (spec §15): a <c>reauth</c> code sent to the account's own phone,
/// the account named as on /login (username or phone number). The answer to "send a code" is the same whether an account
/// has that name or not: the per-name cooldown is taken for every name, and what the code service then says about a real
/// account (its phone's cooldown, a quota) is not shown, as /login shows nothing of it either. A code is checked as an SMS
/// sign-in checks one: its own attempts count, a right one is used up, clears the password lockout and is recorded.
/// </summary>
public sealed partial class ExternalLinkCodes(
    LoginService logins,
    SmsCodeService codes,
    IAtomicStore atomic,
    SmsLoginService smsSignIns,
    IOptions<SmsOptions> options,
    ILogger<ExternalLinkCodes> logger)
{
    /// <summary>
    /// Sends a <c>reauth</c> code to the phone of the account <paramref name="login"/> names, if one does:
    /// succeeds whether or not it did; <see cref="Failure.Limited"/> (this name asked for one less than
    /// <c>Sms:ResendCooldownSeconds</c> ago) or <see cref="Failure.Unavailable"/>.
    /// </summary>
    public async Task<Result> SendAsync(string login, string? clientIp, CancellationToken cancellationToken)
    {
        var (user, identifier) = await logins.FindAsync(login, cancellationToken);
        try
        {
            var claim = await atomic.TryClaimAsync($"bind:code:{identifier}", options.Value.ResendCooldown, [], []);
            if (claim.Outcome != ClaimOutcome.Claimed)
                return Result.Limited(options.Value.ResendCooldown, new FieldError(AccountFields.Code.Name, SmsMessages.Cooldown));
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return Result.Fail(Failure.Unavailable);
        }
        if (user?.PhoneNumber is { } phone)
        {
            var sent = await codes.IssueAsync(phone, clientIp, SmsPurpose.Reauth, cancellationToken: cancellationToken);
            if (sent.Failure is { } notSent)
                LogNotSent(logger, user.Id, notSent);
        }
        return Result.Ok;
    }

    /// <summary>
    /// The account <paramref name="login"/> names when <paramref name="code"/> is the <c>reauth</c> code sent to its phone;
    /// otherwise <see cref="Failure.Wrong"/> (no such account, a code of the wrong shape, wrong, expired or used up: never
    /// told apart) or <see cref="Failure.Unavailable"/>.
    /// </summary>
    public async Task<Result<DashopUser>> ProveAsync(string login, string? code, CancellationToken cancellationToken)
    {
        var (user, _) = await logins.FindAsync(login, cancellationToken);
        var verified = user?.PhoneNumber is { } phone && AccountRules.CodeError(code) is null
            ? await codes.VerifyAsync(phone, code, SmsPurpose.Reauth, cancellationToken)
            : Result.Fail(Failure.Wrong);
        return await smsSignIns.ProvenAsync(user, verified, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A bind-page code for account {UserId} was not sent ({Outcome}); the page says nothing of it")]
    private static partial void LogNotSent(ILogger logger, string userId, Failure outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "The cooldown store is unavailable ({Error}); no bind-page code was sent")]
    private static partial void LogStoreUnavailable(ILogger logger, string error);
}
