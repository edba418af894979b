use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Where the time comes from; tests fix it.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that always says the same time.
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// The calendar date in Europe/London at `t` (CONV-1: dates are UK local).
pub fn today_in_london(t: Timestamp) -> Date {
    let tz = TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC);
    t.to_zoned(tz).date()
}

#[cfg(test)]
mod tests {
    #[test]
    fn conv_1_dates_are_uk_local() {
        // 23:30 UTC on 30 June is already 1 July in London (BST).
        let t: jiff::Timestamp = "2026-06-30T23:30:00Z".parse().unwrap();
        assert_eq!(super::today_in_london(t), jiff::civil::date(2026, 7, 1));
        let t: jiff::Timestamp = "2026-12-31T23:30:00Z".parse().unwrap();
        assert_eq!(super::today_in_london(t), jiff::civil::date(2026, 12, 31));
    }
}
