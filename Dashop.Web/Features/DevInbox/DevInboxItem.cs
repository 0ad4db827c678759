namespace Dashop.Web.Features.DevInbox;

public sealed record DevInboxItem(string Id, string Kind, string To, string Subject, string Body, DateTime CreatedAtUtc);
