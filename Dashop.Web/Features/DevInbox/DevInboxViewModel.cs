namespace Dashop.Web.Features.DevInbox;

public sealed record DevInboxViewModel(IReadOnlyList<DevInboxItem> Sms, IReadOnlyList<DevInboxItem> Emails);
