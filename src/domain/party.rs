//! A party: how many adults and children want seats.

use serde::Serialize;

/// Largest party the desk sells in one go; bigger groups are charters.
pub const MAX_PARTY: u32 = 50;

/// Only [`Party::new`] makes one, so every party in the program is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Party {
    adults: u32,
    children: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartyError {
    #[error("a party needs at least one person")]
    Empty,
    #[error("children must travel with at least one adult")]
    ChildrenAlone,
    #[error("{0} people is more than one booking can take ({MAX_PARTY}); split the group")]
    TooLarge(u32),
}

impl Party {
    pub fn new(adults: u32, children: u32) -> Result<Party, PartyError> {
        let seats = adults.saturating_add(children);
        if seats == 0 {
            return Err(PartyError::Empty);
        }
        if adults == 0 {
            return Err(PartyError::ChildrenAlone);
        }
        if seats > MAX_PARTY {
            return Err(PartyError::TooLarge(seats));
        }
        Ok(Party { adults, children })
    }

    pub fn adults(&self) -> u32 {
        self.adults
    }

    pub fn children(&self) -> u32 {
        self.children
    }

    pub fn seats(&self) -> u32 {
        self.adults + self.children
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_parties() {
        assert_eq!(Party::new(2, 1).map(|p| p.seats()), Ok(3));
        assert_eq!(Party::new(0, 0), Err(PartyError::Empty));
        assert_eq!(Party::new(0, 2), Err(PartyError::ChildrenAlone));
        assert_eq!(Party::new(40, 11), Err(PartyError::TooLarge(51)));
        assert!(Party::new(50, 0).is_ok());
    }
}
