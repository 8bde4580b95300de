using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace StakeholderHub.Data;

/// <summary>
/// The writer connection's prepared statements, kept for its lifetime. SQLite compiles a statement each time a
/// command runs it; the writer runs the same few dozen statements thousands of times a second, and compiling them
/// was most of its time (docs/performance.md). Here each SQL text is compiled once and then only reset and rebound.
/// Rows are read with Dapper's row parsers, so the mapping is Dapper's as before. One thread uses it: the writer's.
/// </summary>
public sealed class Statements(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, Statement> _statements = new(StringComparer.Ordinal);

    public int Execute(string sql, object? param, System.Data.Common.DbTransaction transaction)
    {
        var statement = Get(sql, param, transaction);
        return statement.Command.ExecuteNonQuery();
    }

    /// <summary>Runs a statement whose parameters are <c>@p0</c> … in order (a multi-row insert), bound from <paramref name="values"/>.</summary>
    public int ExecuteValues(string sql, object?[] values, System.Data.Common.DbTransaction transaction)
    {
        var statement = Prepared(sql, transaction);
        statement.BindValues(values);
        return statement.Command.ExecuteNonQuery();
    }

    public T ExecuteScalar<T>(string sql, object? param, System.Data.Common.DbTransaction transaction)
    {
        var statement = Get(sql, param, transaction);
        var value = statement.Command.ExecuteScalar();
        if (value is null or DBNull)
        {
            return default!;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<T> Query<T>(string sql, object? param, System.Data.Common.DbTransaction transaction)
    {
        var statement = Get(sql, param, transaction);
        var rows = new List<T>();
        using var reader = statement.Command.ExecuteReader();
        if (!reader.Read())
        {
            return rows;
        }

        // The untyped parser: Dapper's typed one cannot give a Func of a simple reference type such as string.
        var parse = reader.GetRowParser(typeof(T));
        do
        {
            rows.Add((T)parse(reader));
        }
        while (reader.Read());

        return rows;
    }

    public T? QuerySingleOrDefault<T>(string sql, object? param, System.Data.Common.DbTransaction transaction)
    {
        var rows = Query<T>(sql, param, transaction);
        return rows.Count switch
        {
            0 => default,
            1 => rows[0],
            _ => throw new InvalidOperationException("Sequence contains more than one element"),
        };
    }

    /// <summary>Whether an argument object can be bound here; Dapper's list expansion (<c>IN @Ids</c>) cannot.</summary>
    public static bool Bindable(object? param) => param is null || Binder.For(param.GetType()) is not null;

    private Statement Get(string sql, object? param, System.Data.Common.DbTransaction transaction)
    {
        var statement = Prepared(sql, transaction);
        statement.Bind(sql, param);
        return statement;
    }

    /// <summary>The statement compiled for this SQL text (compiled the first time), in the writer's transaction.</summary>
    private Statement Prepared(string sql, System.Data.Common.DbTransaction transaction)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            statement = new Statement(command);
            _statements[sql] = statement;
        }

        statement.Command.Transaction = (SqliteTransaction)transaction;
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Command.Dispose();
        }

        _statements.Clear();
    }

    private sealed class Statement(SqliteCommand command)
    {
        private (SqliteParameter Parameter, Func<object, object?> Get)[] _bound = [];
        private Type? _paramType;

        public SqliteCommand Command { get; } = command;

        public void BindValues(object?[] values)
        {
            if (_paramType != typeof(object[]) || Command.Parameters.Count != values.Length)
            {
                Command.Parameters.Clear();
                _paramType = typeof(object[]);
                _bound = [];
                for (var i = 0; i < values.Length; i++)
                {
                    Command.Parameters.Add(new SqliteParameter($"@p{i}", DBNull.Value));
                }
            }

            for (var i = 0; i < values.Length; i++)
            {
                Command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }

        public void Bind(string sql, object? param)
        {
            if (param is null)
            {
                return;
            }

            if (param.GetType() != _paramType)
            {
                // The first use, or the same SQL text from a call site with another shape of arguments: the
                // parameters are made again; the compiled statement stays.
                var binder = Binder.For(param.GetType()) ?? throw new InvalidOperationException("These arguments need Dapper's list expansion.");
                Command.Parameters.Clear();
                _paramType = binder.Type;
                _bound = binder.Properties
                    .Where(p => sql.Contains("@" + p.Name, StringComparison.Ordinal))
                    .Select(p => (Command.Parameters.Add(new SqliteParameter("@" + p.Name, DBNull.Value)), p.Get))
                    .ToArray();
            }

            foreach (var (parameter, get) in _bound)
            {
                parameter.Value = get(param) switch
                {
                    null => DBNull.Value,
                    Enum value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
                    var value => value,
                };
            }
        }
    }

    /// <summary>How to read the properties of one type of argument object, found once per type.</summary>
    private sealed class Binder
    {
        private static readonly ConcurrentDictionary<Type, Binder?> Binders = new();

        private Binder(Type type, (string Name, Func<object, object?> Get)[] properties)
        {
            Type = type;
            Properties = properties.Select(p => new Property(p.Name, p.Get)).ToArray();
        }

        public Type Type { get; }

        public Property[] Properties { get; }

        public static Binder? For(Type type) => Binders.GetOrAdd(type, t =>
        {
            var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
            if (properties.Any(p => p.PropertyType != typeof(string) && p.PropertyType != typeof(byte[]) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType)))
            {
                return null;
            }

            return new Binder(t, properties.Select(p => (p.Name, (Func<object, object?>)p.GetValue)).ToArray());
        });

        public sealed record Property(string Name, Func<object, object?> Get);
    }
}
