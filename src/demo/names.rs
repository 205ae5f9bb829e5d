//! Name and note tables for the demo's customers (Russian and English).

// (Cyrillic, Latin for e-mail addresses)
pub const RU_MEN: &[(&str, &str)] = &[
    ("Алексей", "aleksey"),
    ("Дмитрий", "dmitry"),
    ("Сергей", "sergey"),
    ("Андрей", "andrey"),
    ("Игорь", "igor"),
    ("Максим", "maxim"),
    ("Николай", "nikolay"),
    ("Павел", "pavel"),
    ("Михаил", "mikhail"),
    ("Артём", "artem"),
    ("Владимир", "vladimir"),
    ("Евгений", "evgeny"),
    ("Роман", "roman"),
    ("Олег", "oleg"),
    ("Илья", "ilya"),
    ("Константин", "konstantin"),
];
pub const RU_WOMEN: &[(&str, &str)] = &[
    ("Анна", "anna"),
    ("Елена", "elena"),
    ("Ольга", "olga"),
    ("Наталья", "natalya"),
    ("Татьяна", "tatyana"),
    ("Мария", "maria"),
    ("Екатерина", "ekaterina"),
    ("Ирина", "irina"),
    ("Светлана", "svetlana"),
    ("Юлия", "yulia"),
    ("Ксения", "ksenia"),
    ("Дарья", "darya"),
    ("Виктория", "viktoria"),
    ("Алина", "alina"),
    ("Полина", "polina"),
    ("Марина", "marina"),
];
// (name, is a girl)
pub const RU_CHILDREN: &[(&str, bool)] = &[
    ("Маша", true),
    ("Соня", true),
    ("Алиса", true),
    ("Варя", true),
    ("Даша", true),
    ("Ваня", false),
    ("Миша", false),
    ("Егор", false),
    ("Тимофей", false),
    ("Лёва", false),
];
// masculine form; every one takes -а in the feminine
pub const RU_SURNAMES: &[(&str, &str)] = &[
    ("Иванов", "ivanov"),
    ("Смирнов", "smirnov"),
    ("Кузнецов", "kuznetsov"),
    ("Попов", "popov"),
    ("Волков", "volkov"),
    ("Соколов", "sokolov"),
    ("Лебедев", "lebedev"),
    ("Козлов", "kozlov"),
    ("Новиков", "novikov"),
    ("Морозов", "morozov"),
    ("Петров", "petrov"),
    ("Павлов", "pavlov"),
    ("Семёнов", "semenov"),
    ("Голубев", "golubev"),
    ("Виноградов", "vinogradov"),
    ("Богданов", "bogdanov"),
    ("Воробьёв", "vorobyev"),
    ("Фёдоров", "fedorov"),
    ("Михайлов", "mikhaylov"),
    ("Беляев", "belyaev"),
    ("Тарасов", "tarasov"),
    ("Орлов", "orlov"),
    ("Киселёв", "kiselev"),
    ("Макаров", "makarov"),
    ("Андреев", "andreev"),
    ("Ковалёв", "kovalev"),
    ("Ильин", "ilyin"),
    ("Гусев", "gusev"),
    ("Зайцев", "zaytsev"),
    ("Медведев", "medvedev"),
];

pub const EN_MEN: &[&str] = &[
    "James", "John", "Robert", "Michael", "David", "William", "Thomas", "Daniel", "Matthew", "Andrew", "Peter",
    "Oliver", "George", "Harry", "Jack", "Benjamin",
];
pub const EN_WOMEN: &[&str] = &[
    "Mary",
    "Sarah",
    "Emma",
    "Olivia",
    "Sophie",
    "Emily",
    "Jessica",
    "Laura",
    "Hannah",
    "Charlotte",
    "Lucy",
    "Amelia",
    "Grace",
    "Rachel",
    "Kate",
    "Chloe",
];
pub const EN_CHILDREN: &[&str] = &[
    "Lily", "Noah", "Leo", "Mia", "Ella", "Finn", "Ruby", "Max", "Ava", "Sam",
];
pub const EN_SURNAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Clark", "Walker",
    "Wright", "Robinson", "Thompson", "White", "Harris", "Martin", "Cooper", "Hughes", "Edwards",
];

pub const RU_MEDICAL: &[&str] = &[
    "астма, ингалятор с собой",
    "аллергия на укусы пчёл, есть EpiPen",
    "гипертония",
    "больное колено — медленнее на спусках",
    "сахарный диабет 1 типа, инсулин в рюкзаке",
    "аллергия на пенициллин",
    "укачивает в транспорте",
];
pub const EN_MEDICAL: &[&str] = &[
    "asthma — carries an inhaler",
    "allergic to bee stings, carries an EpiPen",
    "type 1 diabetes, insulin in backpack",
    "bad left knee, slow on descents",
    "high blood pressure",
    "penicillin allergy",
    "gets motion sickness",
];
pub const RU_DIET: &[&str] = &["вегетарианец", "без глютена", "без лактозы", "не ест рыбу", "халяль"];
pub const EN_DIET: &[&str] = &[
    "vegetarian",
    "vegan",
    "gluten-free",
    "lactose intolerant",
    "no pork",
    "severe nut allergy",
];
pub const RU_REQUESTS: &[&str] = &[
    "Трансфер из гостиницы «Авача» в 06:30",
    "Нужны закрывающие документы для юрлица",
    "У одного из участников день рождения",
    "Первый раз в горах — просим спокойный темп",
    "Позвонить накануне вечером, подтвердить выезд",
    "Сидеть вместе в машине, пожалуйста",
];
pub const EN_REQUESTS: &[&str] = &[
    "Hotel pick-up from Hotel Petropavlovsk, please",
    "English-speaking guide, please",
    "Celebrating our wedding anniversary",
    "Need a VAT invoice for the company",
    "Photographer — extra camera bag and a tripod",
    "Please call the evening before to confirm",
];
pub const RU_RELATIONS: &[&str] = &["жена", "муж", "мама", "брат", "сестра", "сын"];
pub const EN_RELATIONS: &[&str] = &["wife", "husband", "mother", "father", "brother", "sister"];
