namespace Dashop.Web.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
