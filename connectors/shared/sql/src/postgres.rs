//! PostgreSQL: the pool, statements with JSON values as parameters, and result rows as JSON.
//!
//! PostgreSQL types every parameter and sqlx sends them in binary, so a JSON value must become
//! the exact binary form of the type the server inferred for its parameter. Booleans, integers,
//! floats, text and JSON are encoded here; any other type (numeric, dates and times, uuid, arrays,
//! enums, ...) is given to the server as text to convert with its own input function, in one
//! extra round trip, exactly as a text literal in the statement would be. Result rows arrive in
//! binary and are read per type below.

use super::connection::{ConnectionSettings, Database, Execute};
use super::error::Failure;
use super::statement::Statement;
use super::{Dialect, Outcome, Row};
use fluxturn_core::{ConnectorError, ErrorCode};
use futures_util::TryStreamExt;
use serde_json::{Map, Number, Value};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{
    PgArgumentBuffer, PgArguments, PgConnectOptions, PgConnection, PgPoolOptions, PgRow, PgSslMode, PgTypeInfo,
    PgTypeKind,
};
use sqlx::{Arguments, Column, Either, Executor, Postgres, Row as _, Statement as _, TypeInfo, ValueRef};

/// A lazily connected pool with the statement timeout set on every connection.
pub fn database(settings: &ConnectionSettings) -> Database<Postgres> {
    let timeout_ms = settings.query_timeout.as_millis().max(1);
    // Host, port, database, user, password (empty when none), TLS mode and application name are
    // all set here: none comes from the PG* environment variables or a .pgpass file of the machine
    // FluxTurn runs on.
    let options = PgConnectOptions::new_without_pgpass()
        .host(&settings.host)
        .port(settings.port)
        .database(&settings.database)
        .username(&settings.user)
        .password(settings.password.expose())
        .ssl_mode(if settings.ssl { PgSslMode::VerifyFull } else { PgSslMode::Disable })
        .application_name("fluxturn")
        .options([("statement_timeout", timeout_ms.to_string())]);
    let pool: PgPoolOptions = settings.pool_options();
    Database::new(pool.connect_lazy_with(options), settings, Dialect::Postgres)
}

impl Execute for Database<Postgres> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn execute(&self, statement: Statement) -> fluxturn_core::Result<Outcome> {
        self.run(move |connection| Box::pin(async move { execute(connection, &statement).await })).await
    }
}

/// Runs one statement: its parameters bound by the types the server infers for them.
pub async fn execute(connection: &mut PgConnection, statement: &Statement) -> Result<Outcome, Failure> {
    let arguments = arguments(connection, &statement.text, &statement.params).await?;
    let mut outcome = Outcome::default();
    let mut results = connection.fetch_many(sqlx::query_with(&statement.text, arguments));
    while let Some(step) = results.try_next().await? {
        match step {
            Either::Left(done) => outcome.rows_affected += done.rows_affected(),
            Either::Right(row) => outcome.rows.push(row_to_json(&row)?),
        }
    }
    Ok(outcome)
}

/// Runs `SELECT 1`.
pub async fn ping(connection: &mut PgConnection) -> Result<(), Failure> {
    connection.execute("SELECT 1").await?;
    Ok(())
}

/// The parameters of `sql`, each value in the form of the type the server infers for it.
async fn arguments(connection: &mut PgConnection, sql: &str, values: &[Value]) -> Result<PgArguments, Failure> {
    let mut arguments = PgArguments::default();
    if values.is_empty() {
        return Ok(arguments);
    }
    let prepared = connection.prepare(sql).await?;
    let types: Vec<PgTypeInfo> = match prepared.parameters() {
        Some(Either::Left(types)) => types.to_vec(),
        _ => Vec::new(),
    };
    if types.len() != values.len() {
        return Err(ConnectorError::invalid_input(format!(
            "the statement has {} parameter{} ($1, $2, ...) but {} value{} given",
            types.len(),
            if types.len() == 1 { "" } else { "s" },
            values.len(),
            if values.len() == 1 { " was" } else { "s were" },
        ))
        .into());
    }
    let mut encoded: Vec<Option<Vec<u8>>> = Vec::with_capacity(values.len());
    let mut by_server: Vec<(usize, String)> = Vec::new();
    for (index, (value, type_info)) in values.iter().zip(&types).enumerate() {
        match encode(value, type_info) {
            Encoded::Value(bytes) => encoded.push(bytes),
            Encoded::ByServer(text) => {
                encoded.push(None);
                by_server.push((index, text));
            }
        }
    }
    if !by_server.is_empty() {
        let converted = convert_on_server(connection, &types, &by_server).await?;
        for ((index, _), bytes) in by_server.iter().zip(converted) {
            encoded[*index] = bytes;
        }
    }
    for (bytes, type_info) in encoded.into_iter().zip(types) {
        arguments.add(Parameter { type_info, bytes }).map_err(|e| ConnectorError::internal(e.to_string()))?;
    }
    Ok(arguments)
}

/// Has the server read each text as its parameter's type (`CAST($1 AS <type>)`), and returns the
/// binary forms it answers with.
async fn convert_on_server(
    connection: &mut PgConnection,
    types: &[PgTypeInfo],
    texts: &[(usize, String)],
) -> Result<Vec<Option<Vec<u8>>>, Failure> {
    let oids: Vec<i64> = texts.iter().map(|(index, _)| types[*index].oid().map_or(0, |oid| i64::from(oid.0))).collect();
    // The type names come from the server's catalogue, already quoted where they need it.
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT format_type(t.oid::oid, NULL) FROM unnest($1::int8[]) WITH ORDINALITY AS t(oid, n) ORDER BY t.n",
    )
    .bind(oids)
    .fetch_all(&mut *connection)
    .await?;
    let casts: Vec<String> =
        names.iter().enumerate().map(|(index, name)| format!("CAST(${} AS {name})", index + 1)).collect();
    let sql = format!("SELECT {}", casts.join(", "));
    let mut query = sqlx::query(&sql);
    for (_, text) in texts {
        query = query.bind(text.as_str());
    }
    let row = query.fetch_one(&mut *connection).await.map_err(|error| match error {
        sqlx::Error::Database(error) => Failure::Connector(ConnectorError::invalid_input(format!(
            "a value does not fit its column or parameter: {}",
            error.message()
        ))),
        other => Failure::Sql(other),
    })?;
    (0..texts.len())
        .map(|index| {
            let value = row.try_get_raw(index)?;
            Ok(if value.is_null() { None } else { Some(value.as_bytes().map_err(sqlx::Error::Decode)?.to_vec()) })
        })
        .collect()
}

/// A parameter in the binary form of its type.
struct Parameter {
    type_info: PgTypeInfo,
    bytes: Option<Vec<u8>>,
}

impl sqlx::Type<Postgres> for Parameter {
    fn type_info() -> PgTypeInfo {
        // Never asked: each value names its own type (`produces`).
        <String as sqlx::Type<Postgres>>::type_info()
    }
}

impl sqlx::Encode<'_, Postgres> for Parameter {
    fn encode_by_ref(&self, buffer: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        match &self.bytes {
            Some(bytes) => {
                buffer.extend_from_slice(bytes);
                Ok(IsNull::No)
            }
            None => Ok(IsNull::Yes),
        }
    }

    fn produces(&self) -> Option<PgTypeInfo> {
        Some(self.type_info.clone())
    }
}

/// A JSON value as a parameter of a type.
enum Encoded {
    /// Its binary form (none: NULL).
    Value(Option<Vec<u8>>),
    /// Text for the server to read as the type.
    ByServer(String),
}

/// Built-in type OIDs (fixed in PostgreSQL's catalogue).
mod oid {
    pub const BOOL: u32 = 16;
    pub const BYTEA: u32 = 17;
    pub const CHAR: u32 = 18;
    pub const NAME: u32 = 19;
    pub const INT8: u32 = 20;
    pub const INT2: u32 = 21;
    pub const INT4: u32 = 23;
    pub const TEXT: u32 = 25;
    pub const OID: u32 = 26;
    pub const JSON: u32 = 114;
    pub const XML: u32 = 142;
    pub const CIDR: u32 = 650;
    pub const FLOAT4: u32 = 700;
    pub const FLOAT8: u32 = 701;
    pub const UNKNOWN: u32 = 705;
    pub const MACADDR8: u32 = 774;
    pub const MACADDR: u32 = 829;
    pub const INET: u32 = 869;
    pub const BPCHAR: u32 = 1042;
    pub const VARCHAR: u32 = 1043;
    pub const DATE: u32 = 1082;
    pub const TIME: u32 = 1083;
    pub const TIMESTAMP: u32 = 1114;
    pub const TIMESTAMPTZ: u32 = 1184;
    pub const INTERVAL: u32 = 1186;
    pub const TIMETZ: u32 = 1266;
    pub const BIT: u32 = 1560;
    pub const VARBIT: u32 = 1562;
    pub const NUMERIC: u32 = 1700;
    pub const VOID: u32 = 2278;
    pub const UUID: u32 = 2950;
    pub const JSONB: u32 = 3802;
}

fn type_oid(type_info: &PgTypeInfo) -> u32 {
    type_info.oid().map_or(0, |oid| oid.0)
}

/// Whether values of the type are plain UTF-8 text on the wire.
fn is_text(type_info: &PgTypeInfo) -> bool {
    matches!(type_oid(type_info), oid::TEXT | oid::VARCHAR | oid::BPCHAR | oid::NAME | oid::UNKNOWN | oid::XML)
        || matches!(type_info.kind(), PgTypeKind::Enum(_))
        || (matches!(type_info.kind(), PgTypeKind::Simple) && type_info.name().eq_ignore_ascii_case("citext"))
}

fn encode(value: &Value, type_info: &PgTypeInfo) -> Encoded {
    let oid = type_oid(type_info);
    let native = match (value, oid) {
        (Value::Null, _) => return Encoded::Value(None),
        (Value::Bool(flag), oid::BOOL) => Some(vec![u8::from(*flag)]),
        (Value::Number(number), oid::INT2) => {
            number.as_i64().and_then(|n| i16::try_from(n).ok()).map(|n| n.to_be_bytes().to_vec())
        }
        (Value::Number(number), oid::INT4) => {
            number.as_i64().and_then(|n| i32::try_from(n).ok()).map(|n| n.to_be_bytes().to_vec())
        }
        (Value::Number(number), oid::INT8) => number.as_i64().map(|n| n.to_be_bytes().to_vec()),
        (Value::Number(number), oid::OID) => {
            number.as_u64().and_then(|n| u32::try_from(n).ok()).map(|n| n.to_be_bytes().to_vec())
        }
        (Value::Number(number), oid::FLOAT4) => number.as_f64().map(|n| (n as f32).to_be_bytes().to_vec()),
        (Value::Number(number), oid::FLOAT8) => number.as_f64().map(|n| n.to_be_bytes().to_vec()),
        (value, oid::JSON) => Some(json_text(value).into_bytes()),
        (value, oid::JSONB) => Some([&[1u8][..], json_text(value).as_bytes()].concat()),
        (value, _) if is_text(type_info) => Some(text(value).into_bytes()),
        _ => None,
    };
    match native {
        Some(bytes) => Encoded::Value(Some(bytes)),
        None => Encoded::ByServer(match (value, type_info.kind()) {
            (Value::Array(items), PgTypeKind::Array(_)) => array_literal(items),
            (value, _) => text(value),
        }),
    }
}

/// A value as text: strings as they are, anything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A value for a `json`/`jsonb` parameter: text holding a JSON object or array is that JSON (what
/// a textarea gives), any other value is itself.
fn json_text(value: &Value) -> String {
    match value {
        Value::String(text)
            if text.trim_start().starts_with(['{', '[']) && serde_json::from_str::<Value>(text).is_ok() =>
        {
            text.clone()
        }
        other => other.to_string(),
    }
}

/// A JSON list as a PostgreSQL array literal (`{"a","b"}`, nested lists as nested braces).
fn array_literal(items: &[Value]) -> String {
    let elements: Vec<String> = items
        .iter()
        .map(|item| match item {
            Value::Null => "NULL".to_owned(),
            Value::Array(inner) => array_literal(inner),
            other => format!("\"{}\"", text(other).replace('\\', "\\\\").replace('"', "\\\"")),
        })
        .collect();
    format!("{{{}}}", elements.join(","))
}

/// A result row as JSON.
pub fn row_to_json(row: &PgRow) -> Result<Row, ConnectorError> {
    let mut json = Map::with_capacity(row.len());
    for (index, column) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(index).map_err(|e| ConnectorError::new(ErrorCode::InvalidResponse, e.to_string()))?;
        let value = if raw.is_null() {
            Value::Null
        } else {
            let type_info = raw.type_info().into_owned();
            let bytes = raw.as_bytes().map_err(|e| ConnectorError::new(ErrorCode::InvalidResponse, e.to_string()))?;
            cell(&type_info, bytes).map_err(|problem| problem.error(column.name(), &type_info))?
        };
        json.insert(column.name().to_owned(), value);
    }
    Ok(json)
}

/// Why a value could not be read.
enum Unreadable {
    /// The type is not one this connector reads.
    Unsupported,
    /// The bytes are not what the type promises.
    Malformed,
}

impl Unreadable {
    fn error(self, column: &str, type_info: &PgTypeInfo) -> ConnectorError {
        let name = type_info.name();
        match self {
            Self::Unsupported => ConnectorError::new(
                ErrorCode::NotSupported,
                format!(
                    "column `{column}` has type `{name}`, which this connector cannot read; cast it to text in the \
                     query, e.g. `\"{column}\"::text`"
                ),
            ),
            Self::Malformed => ConnectorError::new(
                ErrorCode::InvalidResponse,
                format!("PostgreSQL sent a value of column `{column}` that is not a valid `{name}`"),
            ),
        }
    }
}

/// Reads big-endian numbers and slices off a value's bytes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Unreadable> {
        if self.0.len() < n {
            return Err(Unreadable::Malformed);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Unreadable> {
        self.take(N)?.try_into().map_err(|_| Unreadable::Malformed)
    }

    fn i16(&mut self) -> Result<i16, Unreadable> {
        Ok(i16::from_be_bytes(self.array()?))
    }

    fn u16(&mut self) -> Result<u16, Unreadable> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn i32(&mut self) -> Result<i32, Unreadable> {
        Ok(i32::from_be_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, Unreadable> {
        Ok(i64::from_be_bytes(self.array()?))
    }

    /// The whole value must be used.
    fn done<T>(&self, value: T) -> Result<T, Unreadable> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Unreadable::Malformed)
        }
    }
}

/// One non-null value of a type as JSON.
fn cell(type_info: &PgTypeInfo, bytes: &[u8]) -> Result<Value, Unreadable> {
    match type_info.kind() {
        PgTypeKind::Domain(base) => return cell(base, bytes),
        PgTypeKind::Array(element) => return array(element, bytes),
        PgTypeKind::Composite(_) | PgTypeKind::Range(_) => return Err(Unreadable::Unsupported),
        _ if is_text(type_info) => return utf8(bytes).map(Value::from),
        _ => {}
    }
    let mut reader = Reader(bytes);
    let value = match type_oid(type_info) {
        oid::BOOL => Value::Bool(reader.array::<1>()?[0] != 0),
        oid::INT2 => reader.i16()?.into(),
        oid::INT4 => reader.i32()?.into(),
        oid::INT8 => reader.i64()?.into(),
        oid::OID => u32::from_be_bytes(reader.array()?).into(),
        oid::FLOAT4 => float(f64::from(f32::from_be_bytes(reader.array()?)), true),
        oid::FLOAT8 => float(f64::from_be_bytes(reader.array()?), false),
        oid::NUMERIC => return numeric(&mut reader).map(Value::from),
        oid::CHAR => return Ok(Value::from(utf8(bytes)?.trim_end_matches('\0'))),
        oid::JSON => return json(bytes),
        oid::JSONB => {
            let (version, rest) = bytes.split_first().ok_or(Unreadable::Malformed)?;
            return if *version == 1 { json(rest) } else { Err(Unreadable::Unsupported) };
        }
        oid::BYTEA => return Ok(Value::from(format!("\\x{}", hex::encode(bytes)))),
        oid::UUID => {
            let hex = hex::encode(reader.array::<16>()?);
            format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]).into()
        }
        oid::DATE => match reader.i32()? {
            i32::MAX => "infinity".into(),
            i32::MIN => "-infinity".into(),
            days => date(i64::from(days)).into(),
        },
        oid::TIME => time_of_day(reader.i64()?).into(),
        oid::TIMETZ => {
            let micros = reader.i64()?;
            // Seconds west of UTC.
            let west = reader.i32()?;
            format!("{}{}", time_of_day(micros), offset(-west)).into()
        }
        oid::TIMESTAMP | oid::TIMESTAMPTZ => match reader.i64()? {
            i64::MAX => "infinity".into(),
            i64::MIN => "-infinity".into(),
            micros => {
                let days = micros.div_euclid(MICROS_PER_DAY);
                let stamp = format!("{}T{}", date(days), time_of_day(micros.rem_euclid(MICROS_PER_DAY)));
                if type_oid(type_info) == oid::TIMESTAMPTZ { stamp + "Z" } else { stamp }.into()
            }
        },
        oid::INTERVAL => {
            let micros = reader.i64()?;
            let days = reader.i32()?;
            let months = reader.i32()?;
            interval(months, days, micros).into()
        }
        oid::INET | oid::CIDR => return inet(&mut reader).map(Value::from),
        oid::MACADDR | oid::MACADDR8 => {
            let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
            return Ok(parts.join(":").into());
        }
        oid::BIT | oid::VARBIT => {
            let length = usize::try_from(reader.i32()?).map_err(|_| Unreadable::Malformed)?;
            let bits = reader.0;
            if bits.len() * 8 < length {
                return Err(Unreadable::Malformed);
            }
            return Ok((0..length)
                .map(|i| if bits[i / 8] & (0x80 >> (i % 8)) != 0 { '1' } else { '0' })
                .collect::<String>()
                .into());
        }
        oid::VOID => Value::Null,
        _ => return Err(Unreadable::Unsupported),
    };
    reader.done(value)
}

const MICROS_PER_DAY: i64 = 86_400_000_000;
/// Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
const EPOCH_DAYS: i64 = 10_957;

fn utf8(bytes: &[u8]) -> Result<&str, Unreadable> {
    std::str::from_utf8(bytes).map_err(|_| Unreadable::Malformed)
}

fn json(bytes: &[u8]) -> Result<Value, Unreadable> {
    serde_json::from_slice(bytes).map_err(|_| Unreadable::Malformed)
}

/// A float as a JSON number; NaN and the infinities (which JSON lacks) as PostgreSQL writes them.
/// A `real` is given with the digits it holds (0.1, not 0.10000000149011612).
fn float(value: f64, single: bool) -> Value {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let value = if single { (value as f32).to_string().parse().unwrap_or(value) } else { value };
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// A `numeric` as exact decimal text (JSON numbers would round it): base-10000 digits, the weight
/// of the first, a sign and the number of decimals shown.
fn numeric(reader: &mut Reader<'_>) -> Result<String, Unreadable> {
    let count = usize::try_from(reader.i16()?).map_err(|_| Unreadable::Malformed)?;
    let weight = i32::from(reader.i16()?);
    let sign = reader.u16()?;
    let scale = usize::from(reader.u16()?);
    let digits = (0..count).map(|_| reader.i16()).collect::<Result<Vec<_>, _>>()?;
    reader.done(())?;
    match sign {
        0xC000 => return Ok("NaN".into()),
        0xD000 => return Ok("Infinity".into()),
        0xF000 => return Ok("-Infinity".into()),
        0x0000 | 0x4000 => {}
        _ => return Err(Unreadable::Malformed),
    }
    let digit =
        |position: i32| -> i16 { usize::try_from(position).ok().and_then(|i| digits.get(i)).copied().unwrap_or(0) };
    let mut text = String::new();
    if sign == 0x4000 {
        text.push('-');
    }
    if weight < 0 {
        text.push('0');
    } else {
        text.push_str(&digit(0).to_string());
        for position in 1..=weight {
            text.push_str(&format!("{:04}", digit(position)));
        }
    }
    if scale > 0 {
        let mut fraction = String::new();
        let mut position = weight + 1;
        while fraction.len() < scale {
            fraction.push_str(&format!("{:04}", digit(position)));
            position += 1;
        }
        fraction.truncate(scale);
        text.push('.');
        text.push_str(&fraction);
    }
    Ok(text)
}

/// Days since 2000-01-01 as `YYYY-MM-DD` (the proleptic Gregorian calendar, as PostgreSQL's).
fn date(days_since_2000: i64) -> String {
    // Howard Hinnant's days-to-civil, from 1970-01-01.
    let z = days_since_2000 + EPOCH_DAYS + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Microseconds since midnight as `HH:MM:SS[.ffffff]` (trailing zeros of the fraction left out).
fn time_of_day(micros: i64) -> String {
    let seconds = micros.div_euclid(1_000_000);
    let fraction = micros.rem_euclid(1_000_000);
    let mut text = format!("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    if fraction != 0 {
        text.push_str(format!(".{fraction:06}").trim_end_matches('0'));
    }
    text
}

/// Seconds east of UTC as `+hh:mm` (`+hh:mm:ss` when not whole minutes).
fn offset(east: i32) -> String {
    let sign = if east < 0 { '-' } else { '+' };
    let east = east.unsigned_abs();
    let (hours, minutes, seconds) = (east / 3600, east / 60 % 60, east % 60);
    let mut text = format!("{sign}{hours:02}:{minutes:02}");
    if seconds != 0 {
        text.push_str(&format!(":{seconds:02}"));
    }
    text
}

/// An interval in ISO 8601 (`P1Y2M3DT4H5M6.5S`), each part with its own sign as PostgreSQL's
/// `iso_8601` interval style writes it.
fn interval(months: i32, days: i32, micros: i64) -> String {
    let mut text = String::from("P");
    let (years, months) = (months / 12, months % 12);
    for (amount, unit) in [(i64::from(years), 'Y'), (i64::from(months), 'M'), (i64::from(days), 'D')] {
        if amount != 0 {
            text.push_str(&format!("{amount}{unit}"));
        }
    }
    if micros != 0 {
        text.push('T');
        let sign = if micros < 0 { "-" } else { "" };
        let micros = micros.unsigned_abs();
        let (hours, minutes) = (micros / 3_600_000_000, micros / 60_000_000 % 60);
        let (seconds, fraction) = (micros / 1_000_000 % 60, micros % 1_000_000);
        if hours != 0 {
            text.push_str(&format!("{sign}{hours}H"));
        }
        if minutes != 0 {
            text.push_str(&format!("{sign}{minutes}M"));
        }
        if seconds != 0 || fraction != 0 {
            text.push_str(&format!("{sign}{seconds}"));
            if fraction != 0 {
                text.push_str(format!(".{fraction:06}").trim_end_matches('0'));
            }
            text.push('S');
        }
    }
    if text == "P" {
        text.push_str("T0S");
    }
    text
}

/// An `inet` or `cidr` as PostgreSQL writes it (`10.0.0.1`, `10.0.0.0/8`, `::1`).
fn inet(reader: &mut Reader<'_>) -> Result<String, Unreadable> {
    let [family, bits, is_cidr, length] = reader.array::<4>()?;
    let address = reader.take(usize::from(length))?;
    let (address, max_bits) = match (family, address.len()) {
        (2, 4) => (std::net::Ipv4Addr::new(address[0], address[1], address[2], address[3]).to_string(), 32),
        (3, 16) => {
            let octets: [u8; 16] = address.try_into().map_err(|_| Unreadable::Malformed)?;
            (std::net::Ipv6Addr::from(octets).to_string(), 128)
        }
        _ => return Err(Unreadable::Malformed),
    };
    reader.done(if is_cidr != 0 || bits != max_bits { format!("{address}/{bits}") } else { address })
}

/// A (possibly multi-dimensional) array as nested JSON lists.
fn array(element: &PgTypeInfo, bytes: &[u8]) -> Result<Value, Unreadable> {
    let mut reader = Reader(bytes);
    let dimensions = usize::try_from(reader.i32()?).map_err(|_| Unreadable::Malformed)?;
    let _has_nulls = reader.i32()?;
    let _element_oid = reader.i32()?;
    let mut lengths = Vec::with_capacity(dimensions);
    for _ in 0..dimensions {
        lengths.push(usize::try_from(reader.i32()?).map_err(|_| Unreadable::Malformed)?);
        let _lower_bound = reader.i32()?;
    }
    if dimensions == 0 {
        return reader.done(Value::Array(Vec::new()));
    }
    let value = nested(element, &lengths, &mut reader)?;
    reader.done(value)
}

fn nested(element: &PgTypeInfo, lengths: &[usize], reader: &mut Reader<'_>) -> Result<Value, Unreadable> {
    let (length, inner) = lengths.split_first().ok_or(Unreadable::Malformed)?;
    let mut items = Vec::with_capacity((*length).min(4096));
    for _ in 0..*length {
        items.push(if inner.is_empty() {
            match reader.i32()? {
                -1 => Value::Null,
                size => cell(element, reader.take(usize::try_from(size).map_err(|_| Unreadable::Malformed)?)?)?,
            }
        } else {
            nested(element, inner, reader)?
        });
    }
    Ok(Value::Array(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn numeric_bytes(weight: i16, sign: u16, scale: u16, digits: &[i16]) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend((digits.len() as i16).to_be_bytes());
        bytes.extend(weight.to_be_bytes());
        bytes.extend(sign.to_be_bytes());
        bytes.extend(scale.to_be_bytes());
        for digit in digits {
            bytes.extend(digit.to_be_bytes());
        }
        bytes
    }

    #[test]
    fn numerics_keep_every_digit() {
        let read = |bytes: Vec<u8>| numeric(&mut Reader(&bytes)).ok().unwrap();
        assert_eq!(read(numeric_bytes(1, 0, 4, &[1, 2345, 6789])), "12345.6789");
        assert_eq!(read(numeric_bytes(0, 0x4000, 2, &[42, 5000])), "-42.50");
        assert_eq!(read(numeric_bytes(-1, 0, 5, &[1234])), "0.12340");
        assert_eq!(read(numeric_bytes(-2, 0, 6, &[1200])), "0.000012");
        assert_eq!(read(numeric_bytes(2, 0, 0, &[1])), "100000000");
        assert_eq!(read(numeric_bytes(0, 0, 0, &[])), "0");
        assert_eq!(read(numeric_bytes(0, 0xC000, 0, &[])), "NaN");
    }

    #[test]
    fn dates_and_times_in_iso_8601() {
        assert_eq!(date(0), "2000-01-01");
        assert_eq!(date(-1), "1999-12-31");
        assert_eq!(date(8825), "2024-02-29");
        assert_eq!(time_of_day(0), "00:00:00");
        assert_eq!(time_of_day(45_296_500_000), "12:34:56.5");
        assert_eq!(offset(-(5 * 3600 + 30 * 60)), "-05:30");
        assert_eq!(interval(14, 3, 3_723_500_000), "P1Y2M3DT1H2M3.5S");
        assert_eq!(interval(0, 0, -60_000_000), "PT-1M");
        assert_eq!(interval(0, 0, 0), "PT0S");
    }

    #[test]
    fn parameters_of_the_simple_types_are_encoded_here() {
        let int4 = <i32 as sqlx::Type<Postgres>>::type_info();
        assert!(matches!(encode(&json!(7), &int4), Encoded::Value(Some(b)) if b == 7i32.to_be_bytes()));
        assert!(matches!(encode(&json!("7"), &int4), Encoded::ByServer(t) if t == "7"));
        assert!(matches!(encode(&json!(1e12), &int4), Encoded::ByServer(_)));
        assert!(matches!(encode(&Value::Null, &int4), Encoded::Value(None)));
        let text = <String as sqlx::Type<Postgres>>::type_info();
        assert!(matches!(encode(&json!({"a": 1}), &text), Encoded::Value(Some(b)) if b == b"{\"a\":1}"));
        assert_eq!(json_text(&json!("{\"a\":1}")), "{\"a\":1}");
        assert_eq!(json_text(&json!("plain")), "\"plain\"");
        assert_eq!(array_literal(&[json!("a\"b"), Value::Null, json!([1, 2])]), r#"{"a\"b",NULL,{"1","2"}}"#);
    }
}
