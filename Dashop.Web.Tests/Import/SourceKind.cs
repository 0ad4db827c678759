namespace Dashop.Web.Tests.Import;

public enum SourceKind
{
    /// <summary>The real MariaDB that ./test.sh starts (DASHOP_TEST_MARIADB); each source is its own database.</summary>
    MariaDb,

    /// <summary>A SQLite file written by the test, with Django's SQLite DDL.</summary>
    Sqlite,
}
