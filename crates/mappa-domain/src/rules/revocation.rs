//! One harm-prevention order at a time (SHPO-8): a court making an SHPO,
//! interim SHPO, SOPO or interim SOPO revokes any earlier order of that family
//! (SOA 2003 s107(6) for SOPOs, and the same scheme for SHPOs), so the earlier
//! order stops having effect the day the new one is made, whatever end was
//! recorded for it.

use jiff::civil::Date;

use super::facts::Order;

/// When an order stops having effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderEffect {
    /// Last day in force (CONV-13): the recorded end, or the day before a
    /// later order of the family was made; `None` until further order.
    pub ends: Option<Date>,
    /// Index in `facts.orders` of the order that revoked this one.
    pub revoked_by: Option<usize>,
}

/// The indices of the family's orders in the order the court made them: date
/// made, then date served, then as listed.
pub(crate) fn family_as_made(orders: &[Order]) -> Vec<usize> {
    let mut family: Vec<usize> = (0..orders.len()).filter(|&i| orders[i].kind.is_harm_prevention()).collect();
    family.sort_by_key(|&i| (orders[i].made, orders[i].served.unwrap_or(orders[i].made), i));
    family
}

/// The effect of every order in `orders`, in the same order.
///
/// Orders of the family are taken in the order the court made them (date
/// made, then date served, then as listed); each is revoked by the next one
/// made while it was still in force. Two made on the same day leave the first
/// listed with no day in force: only one can have effect.
pub fn order_effects(orders: &[Order]) -> Vec<OrderEffect> {
    let mut effects: Vec<OrderEffect> = orders.iter().map(|o| OrderEffect { ends: o.ends, revoked_by: None }).collect();
    let family = family_as_made(orders);
    for pair in family.windows(2) {
        let (earlier, later) = (pair[0], pair[1]);
        let made = orders[later].made;
        if orders[earlier].ends.is_none_or(|e| e >= made)
            && let Ok(last_day) = made.yesterday()
        {
            effects[earlier] = OrderEffect { ends: Some(last_day), revoked_by: Some(later) };
        }
    }
    effects
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::rules::OrderType;

    fn order(kind: OrderType, made: Date, ends: Option<Date>) -> Order {
        Order {
            id: String::new(),
            kind,
            made,
            served: Some(made),
            ends,
            foreign_travel_prohibition_ends: None,
            breach_convictions: vec![],
        }
    }

    #[test]
    fn shpo_8_each_order_of_the_family_is_revoked_by_the_next_one_made() {
        let orders = [
            order(OrderType::Shpo, date(2018, 1, 1), None),
            order(OrderType::Sro, date(2019, 1, 1), None),
            order(OrderType::Sopo, date(2012, 5, 1), None),
            order(OrderType::InterimShpo, date(2016, 3, 1), Some(date(2016, 9, 1))),
        ];
        let e = order_effects(&orders);
        assert_eq!(e[2], OrderEffect { ends: Some(date(2016, 2, 29)), revoked_by: Some(3) });
        assert_eq!(e[3], OrderEffect { ends: Some(date(2016, 9, 1)), revoked_by: None }, "ended before the SHPO");
        assert_eq!(e[0], OrderEffect { ends: None, revoked_by: None });
        assert_eq!(e[1], OrderEffect { ends: None, revoked_by: None }, "an SRO is not of the family");
    }

    #[test]
    fn shpo_8_an_order_that_outlasts_a_later_one_still_ends_when_it_is_made() {
        let orders = [
            order(OrderType::Shpo, date(2020, 1, 1), Some(date(2035, 1, 1))),
            order(OrderType::Shpo, date(2022, 6, 1), Some(date(2027, 5, 31))),
        ];
        let e = order_effects(&orders);
        assert_eq!(e[0].ends, Some(date(2022, 5, 31)));
        assert_eq!(e[1].ends, Some(date(2027, 5, 31)));
    }
}
