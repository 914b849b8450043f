"""Reference data: Dongguan's 4 streets, 28 towns and 2 functional zones (统计用区划代码)."""

from django.db import migrations

TOWNS = [
    ("441900003", "东城街道", "street"), ("441900004", "南城街道", "street"),
    ("441900005", "万江街道", "street"), ("441900006", "莞城街道", "street"),
    ("441900101", "石碣镇", "town"), ("441900102", "石龙镇", "town"),
    ("441900103", "茶山镇", "town"), ("441900104", "石排镇", "town"),
    ("441900105", "企石镇", "town"), ("441900106", "横沥镇", "town"),
    ("441900107", "桥头镇", "town"), ("441900108", "谢岗镇", "town"),
    ("441900109", "东坑镇", "town"), ("441900110", "常平镇", "town"),
    ("441900111", "寮步镇", "town"), ("441900112", "樟木头镇", "town"),
    ("441900113", "大朗镇", "town"), ("441900114", "黄江镇", "town"),
    ("441900115", "清溪镇", "town"), ("441900116", "塘厦镇", "town"),
    ("441900117", "凤岗镇", "town"), ("441900118", "大岭山镇", "town"),
    ("441900119", "长安镇", "town"), ("441900121", "虎门镇", "town"),
    ("441900122", "厚街镇", "town"), ("441900123", "沙田镇", "town"),
    ("441900124", "道滘镇", "town"), ("441900125", "洪梅镇", "town"),
    ("441900126", "麻涌镇", "town"), ("441900127", "望牛墩镇", "town"),
    ("441900128", "中堂镇", "town"), ("441900129", "高埗镇", "town"),
    ("441900401", "松山湖", "park"), ("441900404", "滨海湾新区", "park"),
]


def load(apps, schema_editor):
    Town = apps.get_model("accounts", "Town")
    for order, (code, name, kind) in enumerate(TOWNS):
        Town.objects.update_or_create(code=code, defaults={"name": name, "kind": kind, "order": order})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
