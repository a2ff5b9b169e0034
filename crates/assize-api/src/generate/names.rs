//! Defendants' and witnesses' names, drawn so that a name search meets what it would in a real
//! national case load: a few very common names and a long tail of rare ones. A set of a hundred
//! family names repeated over 1.4 million cases (Smith then held by 18% of defendants) made every
//! name search scan a sixth of the index, which no real court sees.
//!
//! Assumptions (ONS name statistics give the shape, not the list): Smith is about 1% of people in
//! England and Wales and the hundred commonest family names about a sixth; given names of adults
//! are concentrated, the commonest each about 1–3%. Here: the common family names below for
//! 8% of people (Smith 1.2%), and for the rest one of 1,800 place-like English family names
//! (Ashworth, Blackmore, Thornbury …) evenly, about 0.05% each; given names evenly from 120, about
//! 0.8% each.

use super::shape::Rng;

/// Per mille of people with one of the common family names.
const HEAD_SHARE_PER_MILLE: u64 = 80;

/// A given name.
pub fn given(rng: &mut Rng) -> &'static str {
    let name: &&'static str = rng.pick(GIVEN);
    name
}

/// A family name: a common one (Zipf-like, Smith first) or one of the long tail.
pub fn family(rng: &mut Rng) -> String {
    if rng.below(1000) < HEAD_SHARE_PER_MILLE {
        COMMON_FAMILY[rng.zipf(COMMON_FAMILY.len())].to_string()
    } else {
        let first = rng.pick(FIRST_PARTS);
        let last = rng.pick(LAST_PARTS);
        format!("{first}{last}")
    }
}

/// The first parts of the long tail's family names (English place-name elements).
const FIRST_PARTS: &[&str] = &[
    "Ash", "Black", "Brad", "Brook", "Burn", "Cald", "Car", "Chad", "Chester", "Cran", "Dal",
    "Dun", "East", "Elling", "Fair", "Farn", "Fen", "Ford", "Gold", "Green", "Hart", "Hather",
    "Haw", "Hay", "Holl", "Horn", "Kings", "Lang", "Lock", "Lynd", "Marl", "Mid", "Mill", "Moss",
    "Nor", "Oak", "Ox", "Pen", "Red", "Rad", "Ray", "Ros", "Rush", "Sand", "Shel", "South", "Stan",
    "Stock", "Stone", "Sut", "Thorn", "Tre", "Walt", "War", "Wes", "Whit", "Wind", "Wool", "Wor",
    "Yard",
];

/// The last parts of the long tail's family names.
const LAST_PARTS: &[&str] = &[
    "ton", "ley", "worth", "wood", "field", "ford", "by", "ham", "more", "well", "cliffe", "hurst",
    "combe", "dale", "stead", "wick", "bury", "land", "ridge", "low", "shaw", "thwaite", "croft",
    "gate", "borough", "cott", "den", "hill", "er", "ington",
];

/// Given names (a mix of the names in use in England and Wales, with diacritics, so search
/// folding is exercised at scale).
const GIVEN: &[&str] = &[
    "Oliver",
    "Jack",
    "Harry",
    "George",
    "Noah",
    "Charlie",
    "Jacob",
    "Alfie",
    "Freddie",
    "Oscar",
    "Leo",
    "Muhammad",
    "Archie",
    "Thomas",
    "Joshua",
    "James",
    "William",
    "Daniel",
    "Ryan",
    "Connor",
    "Dylan",
    "Rhys",
    "Liam",
    "Kacper",
    "Jakub",
    "Aarav",
    "Mohammed",
    "Ahmed",
    "Tomás",
    "Seán",
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Sophie",
    "Grace",
    "Mia",
    "Poppy",
    "Ella",
    "Lily",
    "Evie",
    "Chloé",
    "Zoë",
    "Niamh",
    "Siobhán",
    "Agnieszka",
    "Zuzanna",
    "Amira",
    "Fatima",
    "Aisha",
    "Oluwaseun",
    "Chiamaka",
    "Priya",
    "Ewa",
    "Amélie",
    "Łucja",
    "Maryam",
    "Sarah",
    "Megan",
    "David",
    "Paul",
    "Mark",
    "John",
    "Michael",
    "Andrew",
    "Steven",
    "Christopher",
    "Lee",
    "Craig",
    "Darren",
    "Gary",
    "Wayne",
    "Kevin",
    "Jason",
    "Dean",
    "Jamie",
    "Scott",
    "Adam",
    "Matthew",
    "Luke",
    "Callum",
    "Kieran",
    "Jordan",
    "Bradley",
    "Nathan",
    "Tyler",
    "Reece",
    "Kyle",
    "Shane",
    "Gareth",
    "Owain",
    "Dafydd",
    "Imran",
    "Tariq",
    "Kwame",
    "Dariusz",
    "Marius",
    "Ionut",
    "Claire",
    "Michelle",
    "Nicola",
    "Kelly",
    "Lisa",
    "Joanne",
    "Rebecca",
    "Laura",
    "Gemma",
    "Stacey",
    "Jade",
    "Chelsea",
    "Leanne",
    "Shannon",
    "Courtney",
    "Bethan",
    "Ffion",
    "Samira",
    "Nadia",
    "Olena",
    "Eleanor",
    "Hannah",
];

/// Family names: the commonest in England and Wales first, then names from the communities of
/// England and Wales. Drawn Zipf-like for [`HEAD_SHARE_PER_MILLE`] of people, so Smith is about
/// 1.2% of defendants, Jones 0.7%, Williams 0.5% (Smith is about 1% of the population).
const COMMON_FAMILY: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "Nowak",
    "Kowalczyk",
    "Wiśniewski",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Ó Súilleabháin",
    "O'Brien",
    "Müller",
    "García-López",
    "Nguyễn",
    "Rahman",
    "Chowdhury",
    "Ahmed",
    "Iqbal",
    "Akhtar",
    "Kaur",
    "Gill",
    "Sharma",
    "Mahmood",
    "Popescu",
    "Kazlauskas",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_are_common_and_the_tail_is_long() {
        let mut rng = Rng::for_case(2026, 1);
        let n = 200_000;
        let mut counts = std::collections::HashMap::<String, u32>::new();
        for _ in 0..n {
            *counts.entry(family(&mut rng)).or_default() += 1;
        }
        let share = |name: &str| f64::from(counts[name]) / f64::from(n);
        assert!(
            (0.008..0.016).contains(&share("Smith")),
            "{}",
            share("Smith")
        );
        assert!(share("Smith") > share("Jones") && share("Jones") > share("Williams"));
        assert!(counts.len() > 1_800, "{} names", counts.len());
        let mut by_size: Vec<u32> = counts.values().copied().collect();
        by_size.sort_unstable();
        // The median name is rare: well under a tenth of a percent.
        assert!(f64::from(by_size[by_size.len() / 2]) / f64::from(n) < 0.001);
        let distinct_parts: std::collections::HashSet<_> = FIRST_PARTS.iter().collect();
        assert_eq!(distinct_parts.len(), FIRST_PARTS.len());
        let distinct_parts: std::collections::HashSet<_> = LAST_PARTS.iter().collect();
        assert_eq!(distinct_parts.len(), LAST_PARTS.len());
    }

    #[test]
    fn given_names_are_distinct() {
        let distinct: std::collections::HashSet<_> = GIVEN.iter().collect();
        assert_eq!(distinct.len(), GIVEN.len());
        assert!(GIVEN.len() >= 120);
    }
}
