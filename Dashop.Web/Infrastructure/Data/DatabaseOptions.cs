using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
