using Dashop.Web.Features.Deliveries;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Sms;

/// <summary>The "send code" button of the register, bind and login pages, and the delivery status it follows.</summary>
[Route("sms")]
public sealed class SmsController(SmsCodeService codes, DeliveryLog deliveries, IOptions<AccountsOptions> accounts, IStringLocalizer<SharedResource> text)
    : Controller
{
    [HttpPost("code")]
    [RequestSizeLimit(4096)]
    public async Task<IActionResult> SendCode([FromForm] string? phone, [FromForm] string? purpose, CancellationToken cancellationToken)
    {
        // change_phone codes are for a signed-in person only (the account page); reauth codes go to the account's own
        // phone, asked for by its re-authentication page, never to a number typed here.
        var parsed = purpose is null ? SmsPurpose.Register : SmsPurposes.Parse(purpose);
        if (parsed is not { } wanted || wanted == SmsPurpose.Reauth || (wanted == SmsPurpose.ChangePhone && User.Identity?.IsAuthenticated != true))
            return BadRequest(new { ok = false, message = text["purpose: must be register, login or reset."].Value, deliveryId = (Guid?)null, cooldownSeconds = 0 });
        var result = await codes.IssueAsync(phone, HttpContext.ClientIp(), wanted, KnownDevices.FromCookie(HttpContext), cancellationToken);
        return Json(new
        {
            ok = result.Succeeded,
            message = text[SmsMessages.For(result)].Value,
            deliveryId = result.Value?.DeliveryId,
            cooldownSeconds = result.Value?.CooldownSeconds ?? (int)(result.RetryAfter?.TotalSeconds ?? 0),
        });
    }

    /// <summary>
    /// What the page may see of a delivery. For a purpose that is suppressed for a phone with no account
    /// (<see cref="SmsPurposes.NeedsAccount"/>), a row is written at the same point whether the phone has an account or
    /// not (the consumer saves the pending row before it calls the provider), and from then on the status is "sent"
    /// whatever the provider answers: only a failure decided before the account is looked up (the code expired first) is
    /// shown, as it is the same for every phone. A real recipient whose SMS failed is told nothing here, but the consumer
    /// released the cooldown, so asking again works at once (docs/SECURITY.md).
    /// </summary>
    private DeliveryStatus FollowedStatus(Delivery? delivery) => delivery switch
    {
        null => DeliveryStatus.Pending,
        { Status: DeliveryStatus.Failed, Failure: DeliveryFailure.Expired } => DeliveryStatus.Failed,
        _ when SmsPurposes.Parse(delivery.Purpose)?.NeedsAccount(accounts.Value.SmsSignUp) == true => DeliveryStatus.Sent,
        { Status: DeliveryStatus.Suppressed } => DeliveryStatus.Sent,
        _ => delivery.Status,
    };

    [HttpGet("deliveries/{id:guid}")]
    public async Task<IActionResult> Status(Guid id, CancellationToken cancellationToken)
    {
        var delivery = await deliveries.FindAsync(id, cancellationToken);
        var status = FollowedStatus(delivery);
        return Json(new
        {
            status = status.ToString().ToLowerInvariant(),
            message = status == DeliveryStatus.Failed ? text[SmsMessages.For(delivery!.Failure)].Value : null,
        });
    }
}
