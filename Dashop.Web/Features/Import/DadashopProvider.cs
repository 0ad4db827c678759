namespace Dashop.Web.Features.Import;

/// <summary>Where a dadashop database is read from.</summary>
public enum DadashopProvider
{
    MySql,
    Sqlite,
}
