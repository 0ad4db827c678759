using System.Text.Json;
using Dashop.Web.Infrastructure;

namespace Dashop.Web.Features.DevInbox;

/// <summary>
/// Development's stand-in for the phone and the mailbox: SMS as JSON files, e-mails as .eml files, in one folder
/// under the data path, listed at /dev/inbox.
/// </summary>
public sealed class DevInboxStore(IConfiguration configuration, IHostEnvironment environment, TimeProvider time)
{
    public string Folder { get; } = Directory.CreateDirectory(
        Path.Combine(AppOptions.ResolveDataPath(configuration, environment), "inbox")).FullName;

    public async Task WriteSmsAsync(string to, string text, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var item = new DevInboxItem(NewId(now), "sms", to, "", text, now);
        await File.WriteAllTextAsync(Path.Combine(Folder, item.Id + ".sms.json"), JsonSerializer.Serialize(item), cancellationToken);
    }

    public string NewEmailPath()
    {
        return Path.Combine(Folder, NewId(time.GetUtcNow().UtcDateTime) + ".eml");
    }

    public async Task<IReadOnlyList<DevInboxItem>> ListSmsAsync(int max, CancellationToken cancellationToken)
    {
        var items = new List<DevInboxItem>();
        foreach (var file in new DirectoryInfo(Folder).GetFiles("*.sms.json").OrderByDescending(f => f.Name).Take(max))
        {
            var item = JsonSerializer.Deserialize<DevInboxItem>(await File.ReadAllTextAsync(file.FullName, cancellationToken));
            if (item is not null)
                items.Add(item);
        }
        return items;
    }

    public async Task<IReadOnlyList<DevInboxItem>> ListEmailsAsync(int max, CancellationToken cancellationToken)
    {
        var items = new List<DevInboxItem>();
        foreach (var file in new DirectoryInfo(Folder).GetFiles("*.eml").OrderByDescending(f => f.Name).Take(max))
        {
            var message = await MimeKit.MimeMessage.LoadAsync(file.FullName, cancellationToken);
            items.Add(new DevInboxItem(Path.GetFileNameWithoutExtension(file.Name), "email", message.To.ToString(), message.Subject ?? "",
                message.TextBody ?? "", message.Date.UtcDateTime));
        }
        return items;
    }

    private static string NewId(DateTime now) => $"{now:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}"[..30];
}
