using System.Data.Common;
using Dapper;

namespace StakeholderHub.Data;

/// <summary>
/// What a store's query sees, in the writer's transaction (<see cref="WriteContext"/>, on its prepared statements) or
/// outside it (<see cref="StoreRead"/>). A store's read methods take this; its write methods take the
/// <see cref="WriteContext"/>. Neither hands out its connection, so no statement of a change bypasses the writer.
/// </summary>
public interface IStoreReader
{
    IEnumerable<T> Query<T>(string sql, object? param = null);

    T? QuerySingleOrDefault<T>(string sql, object? param = null);

    T ExecuteScalar<T>(string sql, object? param = null);

    /// <summary><c>expression</c> is one of the list <c>parameter</c>, as this store spells it (<see cref="Dialect.InList"/>).</summary>
    string InList(string expression, string parameter);
}

/// <summary>
/// Reads outside the writer: on a connection of its own, as one consistent snapshot (<see cref="Database.Snapshot"/>)
/// or statement by statement (<see cref="Database.Read"/>).
/// </summary>
public sealed class StoreRead(DbConnection connection, DbTransaction? transaction, Dialect dialect) : IStoreReader, IDisposable
{
    public IEnumerable<T> Query<T>(string sql, object? param = null) => connection.Query<T>(sql, param, transaction);

    public T? QuerySingleOrDefault<T>(string sql, object? param = null) => connection.QuerySingleOrDefault<T>(sql, param, transaction);

    public T ExecuteScalar<T>(string sql, object? param = null) => connection.ExecuteScalar<T>(sql, param, transaction)!;

    public string InList(string expression, string parameter) => dialect.InList(expression, parameter);

    public void Dispose()
    {
        transaction?.Dispose();
        connection.Dispose();
    }
}
